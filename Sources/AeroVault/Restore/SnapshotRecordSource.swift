import ArchiveStore

/// Where restore and verify read a snapshot's records from, one partition at a time. The engines take
/// this narrow interface, not the repository, so tests can hand them records without one.
public protocol SnapshotRecordSource: Sendable {
    /// Calls `body` for every live record of `partition` in ascending digest order (layers merged,
    /// newest wins, tombstones dropped).
    ///
    /// - Throws: whatever loading a chunk throws (e.g. ``ArchiveStoreError`` `.corrupted` naming the
    ///   chunk and pack), or what `body` throws.
    func forEachRecord(partition: Int, _ body: (ArchiveRecord) async throws -> Void) async throws

    /// Calls `body` for every live record of `partition` as ``forEachRecord(partition:_:)`` does, but
    /// still encoded (restore's fast path). The default encodes each record ``forEachRecord(partition:_:)``
    /// gives; a source that holds encoded records (``RepositorySnapshotSource``) hands them over as they are.
    ///
    /// - Throws: as ``forEachRecord(partition:_:)``.
    func forEachRecordView(partition: Int, _ body: (RecordView) async throws -> Void) async throws

    /// Records the snapshot holds for `partition` (an upper bound: layers may overlap), for progress.
    func estimatedRecordCount(partition: Int) -> Int

    /// The chunks reading `partitions` needs that cannot be read (not indexed, only in missing packs,
    /// or a layer that does not load), with the reason; restore checks this before its first write
    /// (SPEC.md §14 "restore"). The default (in-memory sources) has none.
    func unavailableChunks(partitions: [Int]) async throws -> [UnavailableChunk]
}

/// A chunk a restore needs but cannot read, and why.
public struct UnavailableChunk: Sendable, Equatable {
    public var chunk: ChunkID
    public var reason: String

    public init(chunk: ChunkID, reason: String) {
        self.chunk = chunk
        self.reason = reason
    }
}

extension SnapshotRecordSource {
    public func unavailableChunks(partitions: [Int]) async throws -> [UnavailableChunk] { [] }

    public func forEachRecordView(partition: Int, _ body: (RecordView) async throws -> Void) async throws {
        var buffer: [UInt8] = []
        try await forEachRecord(partition: partition) { record in
            buffer.removeAll(keepingCapacity: true)
            RecordCodec.encode(record, into: &buffer)
            var offset = 0
            try await body(try RecordView(buffer, at: &offset))
        }
    }
}
