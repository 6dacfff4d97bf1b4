/// A fixed-size buffer of secret key material that is zeroed with `sodium_memzero` when freed.
///
/// The bytes live in memory allocated here (never in a copy-on-write Swift array), so no stray
/// copies survive the owner.
// @unchecked Sendable: the raw buffer is written only in `init` and zeroed only in `deinit`; in between
// concurrent readers only ever read it.
final class SecretBytes: @unchecked Sendable {
    private let storage: UnsafeMutableRawBufferPointer

    /// Number of bytes held.
    var count: Int { storage.count }

    /// Allocates `count` bytes and lets `fill` write them (e.g. a KDF or CSPRNG output).
    init(count: Int, fill: (UnsafeMutableRawBufferPointer) -> Void) {
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 16)
        storage.initializeMemory(as: UInt8.self, repeating: 0)
        fill(storage)
    }

    /// Copies `bytes` in. The caller should zero its own copy afterwards if it was secret.
    convenience init(copying bytes: [UInt8]) {
        self.init(count: bytes.count) { dst in
            bytes.withUnsafeBytes { src in dst.copyMemory(from: src) }
        }
    }

    deinit {
        Sodium.zero(storage)
        storage.deallocate()
    }

    /// Gives read access to the secret bytes for the duration of `body`.
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(storage))
    }

    /// Typed pointer to the first byte, for libsodium key parameters.
    func withKeyPointer<R>(_ body: (UnsafePointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafePointer(storage.baseAddress!.assumingMemoryBound(to: UInt8.self)))
    }

    /// A copy as a Swift array; for tests and for wrapping into key files only.
    var copiedBytes: [UInt8] { Array(UnsafeRawBufferPointer(storage)) }
}
