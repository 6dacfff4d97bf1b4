/// Cuts a digest-sorted stream of encoded records into chunks on record boundaries (SPEC.md §5).
///
/// A record is a *boundary candidate* when a keyed hash (SipHash-2-4) of its digest falls under
/// a threshold proportional to its encoded length (on average one candidate per
/// `averageSize − minSize` bytes). After a candidate, the chunk is cut if the records since the
/// previous candidate (this one included) hold at least `minSize` bytes; independently the chunk
/// is cut once it holds `maxSize` bytes (the gap count restarts there). Decisions depend on the
/// records since the previous candidate, not on where the current chunk started, so inserting,
/// deleting or changing one record moves at most the cuts at that record and at the next
/// candidate: an edit changes its own chunk and at most one neighbour (short of `maxSize` cuts).
///
/// Value type (`Sendable`); each task chunks its own stream with its own instance.
///
/// A returned chunk shares its storage with the chunker's buffer; the chunker reuses that storage for
/// the next chunk when the caller has let go of the chunk by then (no fresh buffer per chunk), and
/// copies on write otherwise, so a kept chunk is never modified.
public struct RecordChunker: Sendable {
    private let parameters: ChunkerParameters
    private let keys: KeySet
    private var buffer: [UInt8] = []
    /// The buffer's bytes were handed out as a chunk; the next append starts a new chunk.
    private var bufferHandedOut = false
    private var bytesSinceCandidate = 0

    /// - Precondition: `parameters.validate()` passes (validate configuration before chunking).
    public init(parameters: ChunkerParameters, keys: KeySet) {
        precondition((try? parameters.validate()) != nil, "invalid ChunkerParameters \(parameters)")
        self.parameters = parameters
        self.keys = keys
    }

    /// Bytes buffered for the chunk in progress.
    public var pendingByteCount: Int { bufferHandedOut ? 0 : buffer.count }

    /// Appends one encoded record; returns a finished chunk's plaintext when a boundary falls after it.
    ///
    /// - Parameters:
    ///   - encodedRecord: one record as written by ``RecordCodec/encode(_:into:)``.
    ///   - digest: that record's digest (the boundary hash input).
    public mutating func append(encodedRecord: [UInt8], digest: [UInt8]) -> [UInt8]? {
        append(encodedRecord: encodedRecord[...], digestHash: SipHash.hash(digest, key: keys.chunkerKey))
    }

    /// As ``append(encodedRecord:digest:)-([UInt8],[UInt8])``, for a record inside a larger buffer and an
    /// inline digest (the backup's allocation-free path).
    public mutating func append(encodedRecord: ArraySlice<UInt8>, digest: RecordDigest) -> [UInt8]? {
        let hash = digest.withUnsafeBytes { SipHash.hash($0, key: keys.chunkerKey) }
        return append(encodedRecord: encodedRecord, digestHash: hash)
    }

    private mutating func append(encodedRecord: ArraySlice<UInt8>, digestHash: UInt64) -> [UInt8]? {
        startChunkIfHandedOut()
        if buffer.capacity == 0 { buffer.reserveCapacity(parameters.averageSize) }
        buffer.append(contentsOf: encodedRecord)
        bytesSinceCandidate += encodedRecord.count
        var cut = false
        if Self.isCandidate(hash: digestHash, recordLength: encodedRecord.count, parameters: parameters) {
            cut = bytesSinceCandidate >= parameters.minSize
            bytesSinceCandidate = 0
        }
        if buffer.count >= parameters.maxSize {
            // A forced cut also restarts the gap count, so the chunk after it holds ≥ minSize too.
            cut = true
            bytesSinceCandidate = 0
        }
        guard cut else { return nil }
        bufferHandedOut = true
        return buffer
    }

    /// The last partial chunk, if any bytes are buffered; the chunker is then empty and its
    /// candidate state reset, ready for a new stream.
    public mutating func finish() -> [UInt8]? {
        bytesSinceCandidate = 0
        startChunkIfHandedOut()
        guard !buffer.isEmpty else { return nil }
        bufferHandedOut = true
        return buffer
    }

    /// Empties the buffer after a chunk was handed out, keeping its storage when the caller has
    /// released the chunk (otherwise `removeAll` allocates, leaving the caller's chunk intact).
    private mutating func startChunkIfHandedOut() {
        guard bufferHandedOut else { return }
        bufferHandedOut = false
        buffer.removeAll(keepingCapacity: true)
    }

    /// Whether a record is a boundary candidate: with `h` = SipHash-2-4 of the digest keyed with the
    /// first 16 bytes of the chunker key, `h × (averageSize − minSize) < recordLength × 2^64`.
    static func isCandidate(digest: [UInt8], recordLength: Int, parameters: ChunkerParameters, keys: KeySet) -> Bool {
        isCandidate(hash: SipHash.hash(digest, key: keys.chunkerKey), recordLength: recordLength, parameters: parameters)
    }

    private static func isCandidate(hash h: UInt64, recordLength: Int, parameters: ChunkerParameters) -> Bool {
        let span = UInt64(parameters.averageSize - parameters.minSize)
        // h / 2^64 < recordLength / span  ⇔  high 64 bits of h × span < recordLength.
        return h.multipliedFullWidth(by: span).high < UInt64(recordLength)
    }
}
