/// Compresses and encrypts blobs, and opens them again (SPEC.md §4 "Sealed blobs").
///
/// Layout (version 1): `version (1) | compression id (1) | plaintext length (u64 LE) |
/// secretstream header (24) | messages`. Version 2, written for data blobs by a session without the
/// data key (a backup key, SPEC.md §3), puts a fresh per-blob key sealed to the repository's public
/// key (80 bytes, ``SealedBox``) after the plaintext length and encrypts with that key; only a
/// session holding the secret key opens it. The payload (zstd output, or the plaintext itself when
/// zstd does not shrink it) is cut into messages of ``messageSize`` bytes, the last one shorter
/// (possibly empty) and tagged FINAL. Every message's associated data is the first 10 blob bytes
/// followed by the caller's `associatedData`, so the header fields and the blob's name are bound to
/// every message.
///
/// Thread safety: holds only immutable keys and settings; each call makes its own zstd context and
/// stream state, so one instance may be used from many tasks at once.
public final class Sealer: Sendable {
    /// The sealed-blob format version written with the data or metadata key.
    public static let formatVersion: UInt8 = 1
    /// The version whose blob key is sealed to the repository's public key (data blobs only).
    public static let sealedKeyVersion: UInt8 = 2
    /// Plaintext bytes per secretstream message (the last message may be shorter).
    static let messageSize = 64 << 10
    /// `version | compression | plaintext length`, also the start of every message's AD.
    static let prefixByteCount = 10
    static let headerByteCount = prefixByteCount + SecretStreamPush.headerByteCount
    /// Largest plaintext accepted, 1 GiB; a guard against absurd allocations.
    public static let maxPlaintextLength = 1 << 30

    /// Fixed bytes a blob adds beyond its (compressed) payload: the 34-byte header plus the
    /// 17-byte authenticator of the one message every blob has. Each further 64 KiB message adds
    /// 17 more; see ``sealedLength(payloadLength:)``.
    public static let overhead = headerByteCount + SecretStreamPush.messageOverhead

    /// Exact size of a sealed blob whose stored payload is `payloadLength` bytes (version 2 when
    /// `sealedKey`: ``SealedBox/sealedKeyByteCount`` more).
    public static func sealedLength(payloadLength: Int, sealedKey: Bool = false) -> Int {
        // Every full message is followed by another; the last (FINAL) one is shorter, possibly empty.
        let messages = payloadLength / messageSize + 1
        return headerByteCount + (sealedKey ? SealedBox.sealedKeyByteCount : 0) + payloadLength
            + messages * SecretStreamPush.messageOverhead
    }

    /// Whether blobs of `purpose` are written as version 2: data blobs of a session without the data key.
    func sealsKey(for purpose: SealPurpose) -> Bool {
        purpose == .data && keys.dataKey == nil
    }

    let keys: KeySet
    let compressionLevel: Int32

    /// - Parameters:
    ///   - keys: supplies `dataKey` and `metadataKey`.
    ///   - compressionLevel: zstd level (1...19 sensible; 3 is zstd's default).
    public init(keys: KeySet, compressionLevel: Int32 = 3) {
        self.keys = keys
        self.compressionLevel = compressionLevel
    }

    /// Compresses (zstd, stored raw when that does not shrink it) and encrypts `plaintext`.
    ///
    /// - Parameters:
    ///   - purpose: selects the data or metadata key.
    ///   - associatedData: bound into every message, e.g. the chunk id bytes; ``open(_:purpose:associatedData:)``
    ///     must be given the same bytes.
    /// - Throws: `.invalidArgument` if `plaintext` exceeds ``maxPlaintextLength``; `.internalError`
    ///   if libzstd fails.
    public func seal(_ plaintext: [UInt8], purpose: SealPurpose, associatedData: [UInt8]) throws -> [UInt8] {
        let (method, payload) = try compressedPayload(plaintext)
        let total = Self.sealedLength(payloadLength: payload.count, sealedKey: sealsKey(for: purpose))
        // Written in place into one allocation: appending piecewise is slow in debug builds.
        return try [UInt8](unsafeUninitializedCapacity: total) { out, count in
            try write(payload, method: method, plaintextLength: plaintext.count, purpose: purpose,
                      associatedData: associatedData, to: out.baseAddress!)
            count = total
        }
    }

    /// As ``seal(_:purpose:associatedData:)``, writing the sealed blob to the start of `output`
    /// instead of a new array: `output` only grows (when the blob is longer than it), so a caller
    /// reusing one buffer allocates nothing per blob.
    ///
    /// - Returns: the sealed blob's length; the blob is `output[..<length]`, the bytes after it are
    ///   left over from earlier use.
    func seal(_ plaintext: [UInt8], purpose: SealPurpose, associatedData: [UInt8], into output: inout [UInt8]) throws
        -> Int
    {
        let (method, payload) = try compressedPayload(plaintext)
        let total = Self.sealedLength(payloadLength: payload.count, sealedKey: sealsKey(for: purpose))
        if output.count < total { output.append(contentsOf: repeatElement(0, count: total - output.count)) }
        try output.withUnsafeMutableBufferPointer { out in
            try write(payload, method: method, plaintextLength: plaintext.count, purpose: purpose,
                      associatedData: associatedData, to: out.baseAddress!)
        }
        return total
    }

    /// The payload to encrypt: zstd output when it is shorter than `plaintext`, else `plaintext`.
    private func compressedPayload(_ plaintext: [UInt8]) throws -> (CompressionMethod, [UInt8]) {
        guard plaintext.count <= Self.maxPlaintextLength else {
            throw ArchiveStoreError(
                .invalidArgument, "blob of \(plaintext.count) bytes exceeds the \(Self.maxPlaintextLength)-byte limit")
        }
        guard !plaintext.isEmpty else { return (.none, plaintext) }
        let compressed = try Zstd.compress(plaintext, level: compressionLevel)
        return compressed.count < plaintext.count ? (.zstd, compressed) : (.none, plaintext)
    }

    /// Writes the sealed blob of `payload` (``sealedLength(payloadLength:sealedKey:)`` bytes) to `base`:
    /// version 2 with a fresh key sealed to the public key when ``sealsKey(for:)``, else version 1.
    private func write(
        _ payload: [UInt8], method: CompressionMethod, plaintextLength: Int, purpose: SealPurpose,
        associatedData: [UInt8], to base: UnsafeMutablePointer<UInt8>
    ) throws {
        let sealsKey = sealsKey(for: purpose)
        var prefix: [UInt8] = [sealsKey ? Self.sealedKeyVersion : Self.formatVersion, method.rawValue]
        prefix.appendLittleEndian(UInt64(plaintextLength))
        let key: SecretBytes
        if sealsKey {
            key = SealedBox.randomKey()
            prefix += SealedBox.seal(key, to: keys.publicKey)
        } else {
            key = try keys.sealingKey(for: purpose)
        }
        let ad = prefix + associatedData
        let stream = SecretStreamPush(key: key)
        var position = 0
        for part in [prefix, stream.header] {
            part.withUnsafeBufferPointer { base.advanced(by: position).update(from: $0.baseAddress!, count: $0.count) }
            position += part.count
        }
        payload.withUnsafeBytes { all in
            var start = 0
            while true {
                let end = min(start + Self.messageSize, all.count)
                let isFinal = end - start < Self.messageSize
                stream.push(
                    UnsafeRawBufferPointer(rebasing: all[start..<end]), associatedData: ad, isFinal: isFinal,
                    to: base + position)
                position += end - start + SecretStreamPush.messageOverhead
                start = end
                if isFinal { break }
            }
        }
        precondition(
            position == Self.sealedLength(payloadLength: payload.count, sealedKey: sealsKey), "sealed length mismatch")
    }

    /// Authenticates, decrypts and decompresses a blob made by ``seal(_:purpose:associatedData:)``.
    ///
    /// Memory is bounded by the recorded plaintext length, which is authenticated before any
    /// decompression; a payload that would inflate past it is rejected.
    ///
    /// - Throws: `.corrupted` on any modification, truncation, reordering, extension, wrong
    ///   associated data, wrong purpose or wrong key; `.unsupportedFormatVersion` for an unknown
    ///   version byte; `.roleRefused` for a data blob in a session without the data or secret key.
    public func open(_ sealed: [UInt8], purpose: SealPurpose, associatedData: [UInt8]) throws -> [UInt8] {
        guard sealed.count >= Self.overhead else {
            throw ArchiveStoreError(
                .corrupted, "sealed blob is damaged: \(sealed.count) bytes is shorter than the \(Self.overhead)-byte minimum")
        }
        var reader = ByteReader(sealed, context: "sealed blob")
        let version = try reader.readUInt8("version")
        guard version == Self.formatVersion || version == Self.sealedKeyVersion else {
            throw ArchiveStoreError(
                .unsupportedFormatVersion,
                "sealed blob version \(version) is not supported (this build reads versions "
                    + "\(Self.formatVersion) and \(Self.sealedKeyVersion))")
        }
        guard let method = CompressionMethod(rawValue: try reader.readUInt8("compression id")) else {
            throw reader.corrupted("unknown compression id")
        }
        let plaintextLength = try reader.readUInt64LE("plaintext length")
        guard plaintextLength <= UInt64(Self.maxPlaintextLength) else {
            throw reader.corrupted("plaintext length \(plaintextLength) exceeds the limit")
        }
        let (key, streamStart) = try blobKey(sealed, version: version, purpose: purpose)
        let headerEnd = streamStart + SecretStreamPush.headerByteCount
        let ad = Array(sealed[0..<streamStart]) + associatedData
        let stream = try SecretStreamPull(header: sealed[streamStart..<headerEnd], key: key)

        // Decrypt every message in place into one buffer (its size is bounded by the blob's).
        let fullMessage = Self.messageSize + SecretStreamPush.messageOverhead
        let payload = try sealed.withUnsafeBytes { all in
            try [UInt8](unsafeUninitializedCapacity: max(sealed.count - headerEnd, 1)) { out, count in
                var position = headerEnd
                var written = 0
                while true {
                    let length = min(sealed.count - position, fullMessage)
                    let message = UnsafeRawBufferPointer(rebasing: all[position..<(position + length)])
                    let isFinal = try stream.pull(message, associatedData: ad, to: out.baseAddress! + written)
                    written += length - SecretStreamPush.messageOverhead
                    count = written
                    position += length
                    if isFinal {
                        guard position == sealed.count else {
                            throw ArchiveStoreError(.corrupted, "sealed blob is damaged: data after the final message")
                        }
                        return
                    }
                    guard length == fullMessage, position < sealed.count else {
                        throw ArchiveStoreError(.corrupted, "sealed blob is truncated: the final message is missing")
                    }
                }
            }
        }

        switch method {
        case .none:
            guard UInt64(payload.count) == plaintextLength else {
                throw ArchiveStoreError(.corrupted, "sealed blob is damaged: stored length does not match its header")
            }
            return payload
        case .zstd:
            return try Zstd.decompress(payload[...], expectedLength: Int(plaintextLength))
        }
    }

    /// The key that opens a blob of `version`, and where its secretstream header starts.
    private func blobKey(_ sealed: [UInt8], version: UInt8, purpose: SealPurpose) throws -> (SecretBytes, Int) {
        guard version == Self.sealedKeyVersion else { return (try keys.sealingKey(for: purpose), Self.prefixByteCount) }
        let end = Self.prefixByteCount + SealedBox.sealedKeyByteCount
        guard purpose == .data else {
            throw ArchiveStoreError(.corrupted, "sealed blob is damaged: a metadata blob cannot have a sealed key")
        }
        guard sealed.count >= Self.overhead + SealedBox.sealedKeyByteCount else {
            throw ArchiveStoreError(.corrupted, "sealed blob is damaged: too short for its sealed key")
        }
        guard let secretKey = keys.secretKey else { throw KeySet.noRecordData() }
        guard let key = SealedBox.open(sealed[Self.prefixByteCount..<end], publicKey: keys.publicKey, secretKey: secretKey)
        else {
            throw ArchiveStoreError(.corrupted, "sealed blob is damaged: its key does not open with the repository's key pair")
        }
        return (key, end)
    }
}
