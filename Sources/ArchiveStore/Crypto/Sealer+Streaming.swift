extension Sealer {
    /// Starts sealing a blob of exactly `plaintextLength` bytes that will be written in pieces.
    ///
    /// - Parameter compress: zstd the stream (stored raw if false). A streamed blob uses the same
    ///   layout as ``seal(_:purpose:associatedData:)``; only the raw-when-larger choice differs.
    /// - Throws: `.invalidArgument` if `plaintextLength` exceeds ``maxPlaintextLength``.
    public func makeSealingStream(
        plaintextLength: Int, purpose: SealPurpose, associatedData: [UInt8], compress: Bool = true
    ) throws -> SealingStream {
        try SealingStream(
            key: try keys.sealingKey(for: purpose), plaintextLength: plaintextLength, associatedData: associatedData,
            compress: compress, level: compressionLevel)
    }

    /// Starts opening a blob that will be fed in pieces (version 1 only, SPEC.md §16).
    /// - Throws: `.roleRefused` for data in a session without the data key.
    public func makeOpeningStream(purpose: SealPurpose, associatedData: [UInt8]) throws -> OpeningStream {
        OpeningStream(key: try keys.sealingKey(for: purpose), associatedData: associatedData)
    }

    /// Seals plaintext given as a sequence of pieces totalling `plaintextLength` bytes, passing the
    /// sealed bytes to `output` as they are produced.
    ///
    /// - Throws: as ``SealingStream``, and whatever `output` throws.
    public func seal(
        pieces: some Sequence<[UInt8]>, plaintextLength: Int, purpose: SealPurpose, associatedData: [UInt8],
        to output: ([UInt8]) throws -> Void
    ) throws {
        let stream = try makeSealingStream(
            plaintextLength: plaintextLength, purpose: purpose, associatedData: associatedData)
        for piece in pieces { try stream.write(piece, to: output) }
        try stream.finish(to: output)
    }

    /// Opens a sealed blob given as a sequence of pieces, passing plaintext to `output` as each
    /// message authenticates. The data is complete and authentic only if this returns normally.
    ///
    /// - Throws: as ``open(_:purpose:associatedData:)``, and whatever `output` throws.
    public func open(
        sealedPieces: some Sequence<[UInt8]>, purpose: SealPurpose, associatedData: [UInt8],
        to output: ([UInt8]) throws -> Void
    ) throws {
        let stream = try makeOpeningStream(purpose: purpose, associatedData: associatedData)
        for piece in sealedPieces { try stream.write(piece, to: output) }
        try stream.finish(to: output)
    }
}
