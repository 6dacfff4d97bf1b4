import ArchiveStore

/// Re-stores chunks of one repository in another (SPEC.md §14 "copy").
///
/// Chunk ids are keyed per repository (§2), so a chunk gets a new id in the destination and every
/// tree chunk that names it must be rewritten: layers (§9), partition tables (§9) and the
/// digest-list table (§17.3). Each chunk is read from the source, checked by its seal, and saved in
/// the destination, which seals it under its own keys and stores it only if it has no chunk with
/// those bytes yet. Translations are remembered for the whole run, so layers shared by an
/// incremental chain are read once.
struct ChunkTranslator {
    let source: any SnapshotLister
    let destination: any SnapshotSaver

    private var chunks: [ChunkID: ChunkID] = [:]
    private var layers: [ChunkID: LayerRef] = [:]
    /// Chunks this run saved that the destination did not have, and their plaintext bytes.
    private(set) var stored = 0
    private(set) var storedBytes: UInt64 = 0
    /// Chunks this run translated that the destination already had.
    private(set) var reused = 0

    init(source: any SnapshotLister, destination: any SnapshotSaver) {
        self.source = source
        self.destination = destination
    }

    /// The destination id of source chunk `id`, stored there as `type` if it is not yet.
    mutating func chunk(_ id: ChunkID, type: ChunkType) async throws -> ChunkID {
        if let known = remembered(id) { return known }
        let plaintext = try await source.loadChunk(id)
        return try await save(plaintext, type: type, for: id)
    }

    /// A layer of the source, re-stored with its data chunks.
    mutating func layer(_ ref: LayerRef) async throws -> LayerRef {
        if let known = layers[ref.id] {
            reused += 1
            return known
        }
        let layer = try await source.loadLayer(ref.id)
        var ids: [ChunkID] = []
        ids.reserveCapacity(layer.chunks.count)
        for id in layer.chunks { ids.append(try await chunk(id, type: .data)) }
        let rewritten = Layer(
            chunks: ids, recordCount: layer.recordCount, tombstoneCount: layer.tombstoneCount, byteCount: layer.byteCount)
        let id = try await save(rewritten.encode(), type: .tree, for: ref.id)
        let copied = LayerRef(id: id, recordCount: layer.recordCount, tombstoneCount: layer.tombstoneCount)
        layers[ref.id] = copied
        return copied
    }

    /// Every partition's stack, with each layer re-stored.
    mutating func partitionTable(of snapshot: Snapshot) async throws -> PartitionTable {
        let table = try await source.loadPartitionTable(snapshot)
        var stacks: [[LayerRef]] = []
        stacks.reserveCapacity(table.stacks.count)
        for stack in table.stacks {
            var copied: [LayerRef] = []
            for ref in stack { copied.append(try await layer(ref)) }
            stacks.append(copied)
        }
        return try PartitionTable(stacks: stacks)
    }

    /// The digest-list table rooted at `root`: group chunks rewritten to name the re-stored lists.
    mutating func digestListTable(root: ChunkID) async throws -> ChunkID {
        if let known = remembered(root) { return known }
        var groups: [Int: ChunkID] = [:]
        for (group, groupID) in try DigestListTable.decodeRoot(try await source.loadChunk(root)) {
            if let known = remembered(groupID) {
                groups[group] = known
                continue
            }
            var table = DigestListTable()
            for (partition, list) in try DigestListTable.decodeGroup(try await source.loadChunk(groupID), group: group) {
                table.lists[partition] = try await chunk(list, type: .data)
            }
            guard let blob = table.encodeGroups()[group] else {
                throw AeroVaultError(.corrupted, "digest-list group \(group) (\(groupID.short)) names no partition")
            }
            groups[group] = try await save(blob, type: .tree, for: groupID)
        }
        return try await save(DigestListTable.encodeRoot(groups: groups), type: .tree, for: root)
    }

    /// Whether a chunk of a format this build does not know names chunks of the source: some 32-byte
    /// window of it is an indexed chunk id (the conservative rule `prune` applies to such chunks).
    func namesSourceChunks(_ id: ChunkID) async throws -> Bool {
        let bytes = try await source.loadChunk(id)
        guard bytes.count >= ChunkID.byteCount else { return false }
        let windows = (0...(bytes.count - ChunkID.byteCount)).compactMap {
            ChunkID(bytes: Array(bytes[$0..<$0 + ChunkID.byteCount]))
        }
        let unindexed = Set(try await source.unavailableChunks(windows).map(\.chunk))
        return windows.contains { !unindexed.contains($0) }
    }

    /// A translation made earlier in this run (counted as reused by the snapshot asking again).
    private mutating func remembered(_ id: ChunkID) -> ChunkID? {
        guard let known = chunks[id] else { return nil }
        reused += 1
        return known
    }

    private mutating func save(_ plaintext: [UInt8], type: ChunkType, for sourceID: ChunkID) async throws -> ChunkID {
        let (id, wasStored) = try await destination.saveChunk(plaintext, type: type)
        if wasStored {
            stored += 1
            storedBytes += UInt64(plaintext.count)
        } else {
            reused += 1
        }
        chunks[sourceID] = id
        return id
    }
}
