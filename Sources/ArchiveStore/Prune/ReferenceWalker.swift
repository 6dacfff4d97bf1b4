/// Follows snapshots to every chunk they reference: partition table chunks → layer chunks → the
/// layers' data chunks, plus metadata chunks and whatever ``MetadataExpanders`` reach from them
/// (SPEC.md §14 "prune"). Used by `prune` (to mark live chunks) and `check` (to find missing ones).
///
/// Shared structure is visited once: a layer referenced by many snapshots is loaded once.
/// Problems (a chunk not in the index, a blob that does not load) are collected, not thrown, so
/// `check` can report them all; `prune` refuses to run when there is any.
struct ReferenceWalker {
    let repository: Repository
    let expanders: MetadataExpanders
    /// Layers loaded concurrently.
    var width = 8

    /// Every chunk reached so far.
    private(set) var live: Set<ChunkID> = []
    private(set) var problems: [ReferenceProblem] = []
    /// Number of layers loaded.
    private(set) var layerCount = 0

    init(repository: Repository, expanders: MetadataExpanders) {
        self.repository = repository
        self.expanders = expanders
    }

    /// Adds everything `snapshot` (stored as `id`) references.
    mutating func visit(_ snapshot: Snapshot, id: SnapshotID) async throws {
        let tableIDs = snapshot.partitionTable
        let before = problems.count
        try await requireIndexed(tableIDs, snapshot: id, what: "partition table chunk")
        live.formUnion(tableIDs)
        if problems.count == before {
            let table: PartitionTable?
            do {
                table = try await repository.loadPartitionTable(snapshot)
            } catch {
                try Self.rethrowTransient(error)
                problems.append(ReferenceProblem(snapshot: id, chunk: nil, message: "partition table: \(Self.message(error))"))
                table = nil
            }
            if let table { try await visitLayers(table, snapshot: id) }
        }
        for (name, chunk) in snapshot.metadata.sorted(by: { $0.key < $1.key }) {
            try await visitMetadata(name: name, chunk: chunk, snapshot: id)
        }
    }

    private mutating func visitLayers(_ table: PartitionTable, snapshot: SnapshotID) async throws {
        var pending: [(partition: Int, layer: ChunkID)] = []
        var queued: Set<ChunkID> = []
        for (partition, stack) in table.stacks.enumerated() {
            for ref in stack where !live.contains(ref.id) && queued.insert(ref.id).inserted {
                pending.append((partition, ref.id))
            }
        }
        try await requireIndexed(pending.map(\.layer), snapshot: snapshot, what: "layer")
        let repository = self.repository
        var start = 0
        while start < pending.count {
            let batch = pending[start..<min(start + width, pending.count)]
            start += batch.count
            let results = await withTaskGroup(of: (Int, ChunkID, Result<Layer, any Error>).self) { group in
                for item in batch {
                    group.addTask {
                        do {
                            return (item.partition, item.layer, .success(try await repository.loadLayer(item.layer)))
                        } catch {
                            return (item.partition, item.layer, .failure(error))
                        }
                    }
                }
                var out: [(Int, ChunkID, Result<Layer, any Error>)] = []
                for await result in group { out.append(result) }
                return out.sorted { $0.0 < $1.0 }
            }
            for (partition, layerID, result) in results {
                live.insert(layerID)
                layerCount += 1
                switch result {
                case .success(let layer):
                    try await requireIndexed(
                        layer.chunks, snapshot: snapshot, what: "data chunk of layer \(layerID.short) (partition \(partition))")
                    live.formUnion(layer.chunks)
                case .failure(let error):
                    try Self.rethrowTransient(error)
                    problems.append(ReferenceProblem(
                        snapshot: snapshot, chunk: layerID,
                        message: "layer \(layerID.short) (partition \(partition)) cannot be read: \(Self.message(error))"))
                }
            }
        }
    }

    private mutating func visitMetadata(name: String, chunk: ChunkID, snapshot: SnapshotID) async throws {
        try await requireIndexed([chunk], snapshot: snapshot, what: "metadata chunk \"\(name)\"")
        guard live.insert(chunk).inserted, await repository.location(of: chunk) != nil else { return }
        let repository = self.repository
        do {
            let root = try await repository.loadChunk(chunk)
            if let expand = expanders.byName[name] {
                let reached = try await expand(root, { try await repository.loadChunk($0) })
                try await requireIndexed(reached, snapshot: snapshot, what: "chunk reached from metadata \"\(name)\"")
                live.formUnion(reached)
            } else {
                try await scanConservatively(root)
            }
        } catch {
            try Self.rethrowTransient(error)
            problems.append(ReferenceProblem(
                snapshot: snapshot, chunk: chunk, message: "metadata \"\(name)\" (\(chunk.short)): \(Self.message(error))"))
        }
    }

    /// Marks what a resumable writer's checkpoint (SPEC.md §17.6) or a run part (§17.7) references, so
    /// a prune between an interrupted backup and its rerun, or between two workers of a run, keeps the
    /// finished partitions' chunks. The body's
    /// format belongs to the writer: every indexed id in it, raw or as 64 hex digits, is followed.
    mutating func visitCheckpoint(body: [UInt8]) async throws {
        let hexIDs = Self.hexIDs(in: body)
        try await scanConservatively(body, also: await repository.indexedOnly(hexIDs))
    }

    /// Marks every indexed id found in `root`'s bytes, and recursively in those chunks' bytes
    /// (bounded: each chunk is scanned once). Only what is indexed can match, so nothing is missing.
    private mutating func scanConservatively(_ root: [UInt8], also extra: [ChunkID] = []) async throws {
        var queue = await repository.indexedIDs(in: root) + extra
        while let id = queue.popLast() {
            guard live.insert(id).inserted else { continue }
            guard let location = await repository.location(of: id), location.type == .tree else { continue }
            queue.append(contentsOf: await repository.indexedIDs(in: try await repository.loadChunk(id)))
        }
    }

    /// Records a problem for each id not in the index.
    private mutating func requireIndexed(_ ids: [ChunkID], snapshot: SnapshotID, what: String) async throws {
        for id in await repository.unindexed(ids) {
            problems.append(ReferenceProblem(snapshot: snapshot, chunk: id, message: "\(what) \(id.short) is not in the index"))
        }
    }

    /// Every run of exactly 64 hex digits in `bytes`, as an id.
    static func hexIDs(in bytes: [UInt8]) -> [ChunkID] {
        var out: [ChunkID] = []
        var runStart = 0
        func isHex(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46)
        }
        for i in 0...bytes.count {
            if i < bytes.count, isHex(bytes[i]) { continue }
            if i - runStart == 64, let id = ID32(hex: String(decoding: bytes[runStart..<i], as: UTF8.self)) {
                out.append(id)
            }
            runStart = i + 1
        }
        return out
    }

    /// Transport errors abort the walk: they say nothing about the repository's integrity.
    private static func rethrowTransient(_ error: any Error) throws {
        if let error = error as? ArchiveStoreError, error.code == .io { throw error }
        if error is CancellationError { throw error }
    }

    private static func message(_ error: any Error) -> String {
        (error as? ArchiveStoreError)?.message ?? "\(error)"
    }
}

extension Repository {
    /// The ids among `ids` that are neither indexed nor pending in this session.
    func unindexed(_ ids: [ChunkID]) -> [ChunkID] {
        ids.filter { !index.has($0) && pending[$0] == nil }
    }

    /// The ids among `ids` that are indexed.
    func indexedOnly(_ ids: [ChunkID]) -> [ChunkID] {
        ids.filter { index.has($0) }
    }

    /// Every 32-byte window of `bytes` that is an indexed chunk id (conservative reference scan).
    func indexedIDs(in bytes: [UInt8]) -> [ChunkID] {
        guard bytes.count >= ID32.byteCount else { return [] }
        var out: [ChunkID] = []
        for start in 0...(bytes.count - ID32.byteCount) {
            if let id = ID32(bytes: Array(bytes[start..<start + ID32.byteCount])), index.has(id) { out.append(id) }
        }
        return out
    }
}
