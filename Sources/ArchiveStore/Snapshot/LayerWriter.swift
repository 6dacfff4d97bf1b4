/// Writes one layer (SPEC.md §9 "Layers"): takes records in strictly ascending digest order, encodes
/// them with ``RecordCodec``, cuts chunks with ``RecordChunker``, saves each chunk (dedup), and
/// finally saves the layer's chunk list as a tree chunk.
///
/// Holds at most one chunk in memory. Not for concurrent use; run one writer per partition.
public struct LayerWriter {
    private let saver: any SnapshotSaver
    private var chunker: RecordChunker
    private var chunks: [ChunkID] = []
    private var lastDigest: RecordDigest?
    private var scratch: [UInt8] = []
    private(set) public var recordCount: UInt64 = 0
    private(set) public var tombstoneCount: UInt64 = 0
    private(set) public var byteCount: UInt64 = 0

    /// A writer using the repository's chunker parameters and keys.
    public init(repository: Repository) {
        self.init(saver: repository, chunker: repository.makeChunker())
    }

    /// A writer saving through `saver` (a repository or a stand-in for one), cutting chunks with `chunker`.
    public init(saver: any SnapshotSaver, chunker: RecordChunker) {
        self.saver = saver
        self.chunker = chunker
    }

    /// Appends a record or tombstone.
    /// - Throws: `.invalidArgument` unless `record.digest` is greater (bytewise) than the previous one.
    public mutating func append(_ record: ArchiveRecord) async throws {
        guard let digest = RecordDigest(record.digest) else {
            throw ArchiveStoreError(.invalidArgument, "record digest must be 20 bytes, got \(record.digest.count)")
        }
        scratch.removeAll(keepingCapacity: true)
        RecordCodec.encode(record, into: &scratch)
        try await append(encoded: scratch[...], digest: digest, isTombstone: record.isTombstone)
    }

    /// Appends one record already in ``RecordCodec`` encoding (length prefix included), e.g. a slice
    /// of a buffer written by ``RecordCodec/appendRecord(into:digest:set:key:generation:voidTime:lastUpdateTime:binCount:bins:)``.
    /// - Throws: `.invalidArgument` unless `digest` is greater than the previous one.
    public mutating func append(encoded: ArraySlice<UInt8>, digest: RecordDigest, isTombstone: Bool) async throws {
        if let lastDigest, !(lastDigest < digest) {
            throw ArchiveStoreError(
                .invalidArgument,
                "records must be appended in strictly ascending digest order: \(digest) after \(lastDigest)")
        }
        lastDigest = digest
        if isTombstone { tombstoneCount += 1 } else { recordCount += 1 }
        byteCount += UInt64(encoded.count)
        if let chunk = chunker.append(encodedRecord: encoded, digest: digest) {
            chunks.append(try await saver.saveChunk(chunk, type: .data).id)
        }
    }

    /// Saves the last chunk and the layer blob. Returns nil when no record was appended.
    public mutating func finish() async throws -> LayerRef? {
        if let chunk = chunker.finish() {
            chunks.append(try await saver.saveChunk(chunk, type: .data).id)
        }
        guard !chunks.isEmpty else { return nil }
        let layer = Layer(chunks: chunks, recordCount: recordCount, tombstoneCount: tombstoneCount, byteCount: byteCount)
        return try await saver.saveLayer(layer)
    }
}
