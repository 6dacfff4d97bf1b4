internal import CSodium

/// Cost parameters for Argon2id (libsodium `crypto_pwhash`, algorithm argon2id13, one lane).
///
/// Stored in every key file (SPEC.md §3) so a key file opens with the parameters it was made with.
public struct KDFParameters: Codable, Sendable, Equatable {
    /// Number of passes over memory (`opslimit`).
    public var opsLimit: UInt64
    /// Memory used, in bytes (`memlimit`); libsodium works in whole KiB.
    public var memLimitBytes: UInt64

    public init(opsLimit: UInt64, memLimitBytes: UInt64) {
        self.opsLimit = opsLimit
        self.memLimitBytes = memLimitBytes
    }

    /// The parameters new key files use: 3 passes over 64 MiB (between libsodium's INTERACTIVE,
    /// 2 × 64 MiB, and MODERATE, 3 × 256 MiB); about 0.2 s on one core.
    public static let `default` = KDFParameters(opsLimit: 3, memLimitBytes: 64 << 20)

    /// Smallest and largest values this build accepts, for writing and for reading key files.
    /// The upper bounds keep a hostile key file from demanding absurd memory or time.
    static let opsLimitRange: ClosedRange<UInt64> = 1...64
    static let memLimitRange: ClosedRange<UInt64> = (8 << 10)...(4 << 30)

    /// Checks both values are within ``opsLimitRange`` and ``memLimitRange``.
    ///
    /// - Throws: ``ArchiveStoreError`` `.invalidArgument` naming the bad value and the allowed range.
    public func validate() throws {
        guard Self.opsLimitRange.contains(opsLimit) else {
            throw ArchiveStoreError(
                .invalidArgument,
                "KDF opsLimit \(opsLimit) is outside \(Self.opsLimitRange.lowerBound)...\(Self.opsLimitRange.upperBound)")
        }
        guard Self.memLimitRange.contains(memLimitBytes) else {
            throw ArchiveStoreError(
                .invalidArgument,
                "KDF memLimitBytes \(memLimitBytes) is outside \(Self.memLimitRange.lowerBound)...\(Self.memLimitRange.upperBound)")
        }
    }

    /// Runs Argon2id over `password` and `salt` (16 bytes), producing `outputLength` bytes.
    ///
    /// - Throws: `.invalidArgument` if the parameters are out of range, `.internalError` if libsodium
    ///   refuses (e.g. it cannot allocate the memory).
    func deriveKey(password: [UInt8], salt: [UInt8], outputLength: Int) throws -> SecretBytes {
        try validate()
        precondition(Sodium.ready)
        guard salt.count == Int(crypto_pwhash_saltbytes()) else {
            throw ArchiveStoreError(.invalidArgument, "Argon2id salt must be \(crypto_pwhash_saltbytes()) bytes")
        }
        // A NUL-terminated copy so the pointer is never null (crypto_pwhash's arguments are nonnull),
        // zeroed again as soon as Argon2id is done.
        var passwordCopy = password.map { CChar(bitPattern: $0) } + [0]
        defer { passwordCopy.withUnsafeMutableBytes { Sodium.zero($0) } }
        var status: Int32 = 0
        let key = SecretBytes(count: outputLength) { out in
            status = passwordCopy.withUnsafeBufferPointer { pw in
                salt.withUnsafeBufferPointer { s in
                    crypto_pwhash(
                        out.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(outputLength),
                        pw.baseAddress!, UInt64(password.count), s.baseAddress!,
                        opsLimit, Int(memLimitBytes), crypto_pwhash_alg_argon2id13())
                }
            }
        }
        guard status == 0 else {
            throw ArchiveStoreError(
                .internalError,
                "Argon2id failed (opsLimit \(opsLimit), memLimit \(memLimitBytes) bytes); is there enough memory?")
        }
        return key
    }
}
