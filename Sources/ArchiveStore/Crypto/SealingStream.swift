/// Seals a blob whose plaintext arrives in pieces, with memory bounded by one message
/// (64 KiB) plus the zstd window, whatever the blob's size.
///
/// Produces exactly the layout of ``Sealer/seal(_:purpose:associatedData:)`` (SPEC.md §4), so
/// ``Sealer/open(_:purpose:associatedData:)`` and ``OpeningStream`` both read it. The plaintext
/// length is part of the header, so it must be known up front. Streams always use zstd when
/// `compress` is true (they cannot know in advance whether it will shrink the data).
///
/// Not thread-safe: one stream per task. Made by ``Sealer/makeSealingStream(plaintextLength:purpose:associatedData:compress:)``.
public final class SealingStream {
    private let stream: SecretStreamPush
    private let associatedData: [UInt8]
    private let compressor: ZstdStreamCompressor?
    private let plaintextLength: Int
    private var received = 0
    private var pending = [UInt8]()
    private var header: [UInt8]?
    private var isFinished = false

    init(key: SecretBytes, plaintextLength: Int, associatedData: [UInt8], compress: Bool, level: Int32) throws {
        guard plaintextLength >= 0, plaintextLength <= Sealer.maxPlaintextLength else {
            throw ArchiveStoreError(
                .invalidArgument, "blob of \(plaintextLength) bytes exceeds the \(Sealer.maxPlaintextLength)-byte limit")
        }
        let method: CompressionMethod = compress && plaintextLength > 0 ? .zstd : .none
        var prefix: [UInt8] = [Sealer.formatVersion, method.rawValue]
        prefix.appendLittleEndian(UInt64(plaintextLength))
        self.associatedData = prefix + associatedData
        self.stream = SecretStreamPush(key: key)
        self.compressor = method == .zstd ? try ZstdStreamCompressor(level: level, pledgedLength: plaintextLength) : nil
        self.plaintextLength = plaintextLength
        self.header = prefix + stream.header
    }

    /// Adds the next piece of plaintext; sealed bytes that are ready go to `output` (in order;
    /// concatenated, all outputs of ``write(_:to:)`` and ``finish(to:)`` form the blob).
    ///
    /// - Throws: `.invalidArgument` if the pieces exceed the declared plaintext length or the
    ///   stream is finished; `.internalError` if libzstd fails.
    public func write(_ piece: [UInt8], to output: ([UInt8]) throws -> Void) throws {
        guard !isFinished else { throw ArchiveStoreError(.invalidArgument, "sealing stream is already finished") }
        guard piece.count <= plaintextLength - received else {
            throw ArchiveStoreError(
                .invalidArgument, "more plaintext than the declared \(plaintextLength) bytes was written to a sealing stream")
        }
        received += piece.count
        try emitHeader(to: output)
        if let compressor {
            try compressor.compress(piece, isLast: false) { pending += $0 }
        } else {
            pending += piece
        }
        // Keep at least one byte back: the final message must be shorter than a full one.
        try emitFullMessages(keepingFull: true, to: output)
    }

    /// Ends the blob: emits the remaining messages, the last one tagged FINAL.
    ///
    /// - Throws: `.invalidArgument` if fewer bytes than the declared length were written.
    public func finish(to output: ([UInt8]) throws -> Void) throws {
        guard !isFinished else { throw ArchiveStoreError(.invalidArgument, "sealing stream is already finished") }
        guard received == plaintextLength else {
            throw ArchiveStoreError(
                .invalidArgument, "sealing stream got \(received) bytes but \(plaintextLength) were declared")
        }
        isFinished = true
        try emitHeader(to: output)
        if let compressor { try compressor.compress([], isLast: true) { pending += $0 } }
        try emitFullMessages(keepingFull: false, to: output)
        var last = [UInt8]()
        pending.withUnsafeBytes { stream.push($0, associatedData: associatedData, isFinal: true, into: &last) }
        pending = []
        try output(last)
    }

    private func emitHeader(to output: ([UInt8]) throws -> Void) throws {
        if let header {
            self.header = nil
            try output(header)
        }
    }

    private func emitFullMessages(keepingFull: Bool, to output: ([UInt8]) throws -> Void) throws {
        var start = 0
        while pending.count - start > Sealer.messageSize || (!keepingFull && pending.count - start == Sealer.messageSize) {
            var message = [UInt8]()
            pending.withUnsafeBytes { all in
                let piece = UnsafeRawBufferPointer(rebasing: all[start..<(start + Sealer.messageSize)])
                stream.push(piece, associatedData: associatedData, isFinal: false, into: &message)
            }
            start += Sealer.messageSize
            try output(message)
        }
        if start > 0 { pending.removeSubrange(0..<start) }
    }
}
