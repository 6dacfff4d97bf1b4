/// Opens a sealed blob fed in pieces (e.g. ranges read from a pack file), passing plaintext to a
/// callback as each message authenticates; memory is bounded by about two messages plus the zstd
/// window, whatever the blob's size.
///
/// Plaintext handed to the callback is authentic (each message carries its own tag) but the blob
/// is only known to be complete when ``finish()`` returns: until then a truncated blob looks like
/// a valid prefix. Callers must not act on the data as final before ``finish()`` succeeds.
///
/// Not thread-safe: one stream per task. Made by ``Sealer/makeOpeningStream(purpose:associatedData:)``.
public final class OpeningStream {
    private let key: SecretBytes
    private let callerAssociatedData: [UInt8]
    private var associatedData: [UInt8] = []
    private var stream: SecretStreamPull?
    private var decompressor: ZstdStreamDecompressor?
    private var method = CompressionMethod.none
    private var plaintextLength = 0
    private var delivered = 0
    private var buffer = [UInt8]()
    private var sawFinal = false

    init(key: SecretBytes, associatedData: [UInt8]) {
        self.key = key
        self.callerAssociatedData = associatedData
    }

    /// Feeds the next bytes of the sealed blob; plaintext that authenticates goes to `output`.
    ///
    /// - Throws: `.corrupted` on any authentication or structure failure (including bytes after
    ///   the final message), `.unsupportedFormatVersion` for an unknown version byte, and whatever
    ///   `output` throws.
    public func write(_ sealedBytes: [UInt8], to output: ([UInt8]) throws -> Void) throws {
        guard !sawFinal || sealedBytes.isEmpty else {
            throw ArchiveStoreError(.corrupted, "sealed blob is damaged: data after the final message")
        }
        buffer += sealedBytes
        if stream == nil {
            guard buffer.count >= Sealer.headerByteCount else { return }
            try readHeader()
        }
        let full = Sealer.messageSize + SecretStreamPush.messageOverhead
        var start = 0
        // A message is pulled only when more bytes follow it, exactly as the one-shot reader does.
        while buffer.count - start > full {
            try pull(buffer[start..<(start + full)], to: output)
            start += full
            if sawFinal { throw ArchiveStoreError(.corrupted, "sealed blob is damaged: data after the final message") }
        }
        if start > 0 { buffer.removeSubrange(0..<start) }
    }

    /// Checks the blob ended properly: the final message is present and the plaintext has exactly
    /// the recorded length. Plaintext of the last message goes to `output`.
    ///
    /// - Throws: `.corrupted` if the blob is truncated or otherwise damaged.
    public func finish(to output: ([UInt8]) throws -> Void) throws {
        if !sawFinal {
            guard stream != nil || buffer.count >= Sealer.headerByteCount else {
                throw ArchiveStoreError(.corrupted, "sealed blob is truncated: \(buffer.count) bytes, no complete header")
            }
            if stream == nil { try readHeader() }
            try pull(buffer[...], to: output)
            buffer = []
        }
        guard sawFinal else { throw ArchiveStoreError(.corrupted, "sealed blob is truncated: the final message is missing") }
        if let decompressor, !decompressor.isAtFrameEnd {
            throw ArchiveStoreError(.corrupted, "sealed blob is damaged: compressed payload ends mid-frame")
        }
        guard delivered == plaintextLength else {
            throw ArchiveStoreError(
                .corrupted, "sealed blob is damaged: \(delivered) bytes of plaintext, expected \(plaintextLength)")
        }
    }

    private func readHeader() throws {
        var reader = ByteReader(buffer, context: "sealed blob")
        let version = try reader.readUInt8("version")
        guard version == Sealer.formatVersion else {
            throw ArchiveStoreError(
                .unsupportedFormatVersion,
                "sealed blob version \(version) is not supported (this build reads version \(Sealer.formatVersion))")
        }
        guard let method = CompressionMethod(rawValue: try reader.readUInt8("compression id")) else {
            throw reader.corrupted("unknown compression id")
        }
        let length = try reader.readUInt64LE("plaintext length")
        guard length <= UInt64(Sealer.maxPlaintextLength) else {
            throw reader.corrupted("plaintext length \(length) exceeds the limit")
        }
        self.method = method
        plaintextLength = Int(length)
        associatedData = Array(buffer[0..<Sealer.prefixByteCount]) + callerAssociatedData
        stream = try SecretStreamPull(header: buffer[Sealer.prefixByteCount..<Sealer.headerByteCount], key: key)
        if method == .zstd { decompressor = try ZstdStreamDecompressor(limit: plaintextLength) }
        buffer.removeSubrange(0..<Sealer.headerByteCount)
    }

    private func pull(_ message: ArraySlice<UInt8>, to output: ([UInt8]) throws -> Void) throws {
        guard let stream else { throw ArchiveStoreError(.corrupted, "sealed blob is truncated") }
        let (payload, isFinal) = try stream.pull(message, associatedData: associatedData)
        sawFinal = isFinal
        if !sawFinal && message.count != Sealer.messageSize + SecretStreamPush.messageOverhead {
            throw ArchiveStoreError(.corrupted, "sealed blob is truncated: the final message is missing")
        }
        switch method {
        case .none:
            delivered += payload.count
            guard delivered <= plaintextLength else {
                throw ArchiveStoreError(.corrupted, "sealed blob is damaged: more data than its recorded length")
            }
            if !payload.isEmpty { try output(payload) }
        case .zstd:
            try decompressor?.decompress(payload) { piece in
                delivered += piece.count
                try output(piece)
            }
        }
    }
}
