extension Repository {
    // MARK: - Layers and partition tables (tree chunks)

    /// Stores a layer's chunk list as a tree chunk; returns its reference.
    public func saveLayer(_ layer: Layer) async throws -> LayerRef {
        let (id, _) = try await saveChunk(layer.encode(), type: .tree)
        return LayerRef(id: id, recordCount: layer.recordCount, tombstoneCount: layer.tombstoneCount)
    }

    /// Loads a layer's chunk list.
    public nonisolated func loadLayer(_ id: ChunkID) async throws -> Layer {
        try Layer.decode(try await loadChunk(id), id: id)
    }

    /// Stores a partition table as 16 tree chunks; returns their ids (for ``Snapshot/partitionTable``).
    public func savePartitionTable(_ table: PartitionTable) async throws -> [ChunkID] {
        var ids: [ChunkID] = []
        for blob in table.encodeBlobs() { ids.append(try await saveChunk(blob, type: .tree).id) }
        return ids
    }

    /// Loads the partition table of a snapshot.
    public nonisolated func loadPartitionTable(_ snapshot: Snapshot) async throws -> PartitionTable {
        var blobs: [(id: ChunkID, bytes: [UInt8])] = []
        for id in snapshot.partitionTable { blobs.append((id, try await loadChunk(id))) }
        return try PartitionTable.decode(blobs: blobs)
    }

    /// A streaming reader of partition `partition`'s live records (newest layer wins, tombstones
    /// dropped), in digest order. - Throws: `.invalidArgument` unless `partition` is in 0..<4096.
    public nonisolated func readPartition(_ partition: Int, of table: PartitionTable) throws -> LayerMerger {
        guard table.stacks.indices.contains(partition) else {
            throw ArchiveStoreError(.invalidArgument, "partition \(partition) is outside 0..<4096")
        }
        return LayerMerger(loader: self, stack: table.stacks[partition])
    }

    // MARK: - Snapshot files

    /// Saves a snapshot manifest. Flushes first, so every chunk it references is in a saved pack
    /// named by a saved index file before the snapshot file exists (SPEC.md §11).
    public func saveSnapshot(_ snapshot: Snapshot) async throws -> SnapshotID {
        try await flush()
        let body = try MetadataJSON.encode(snapshot)
        let bytes = try SealedFile.seal(body, version: Snapshot.version, label: Snapshot.label, sealer: sealer)
        let id = FileHash.id(of: bytes)
        try await backend.save(.snapshot, name: id.hex, bytes: bytes)
        return id
    }

    /// Saves `table` and then a snapshot manifest pointing at it.
    public func saveSnapshot(_ snapshot: Snapshot, partitions table: PartitionTable) async throws -> SnapshotID {
        var snapshot = snapshot
        snapshot.partitionTable = try await savePartitionTable(table)
        return try await saveSnapshot(snapshot)
    }

    /// Loads and verifies a snapshot manifest.
    /// - Throws: `.notFound`, or `.corrupted` naming `snapshots/<id>`.
    public nonisolated func loadSnapshot(_ id: SnapshotID) async throws -> Snapshot {
        let bytes = try await backend.load(.snapshot, name: id.hex)
        try SealedFile.verifyName(bytes, kind: .snapshot, name: id.hex)
        let what = FileKind.snapshot.path(of: id.hex)
        let (_, body) = try SealedFile.open(bytes, label: Snapshot.label, what: what, sealer: sealer, maxVersion: Snapshot.version)
        return try MetadataJSON.decode(Snapshot.self, from: body, what: what)
    }

    /// Every snapshot, oldest first (ties broken by id).
    /// - Throws: `.corrupted` naming the first damaged snapshot file.
    public nonisolated func listSnapshots() async throws -> [(id: SnapshotID, snapshot: Snapshot)] {
        var out: [(id: SnapshotID, snapshot: Snapshot)] = []
        for file in try await backend.list(.snapshot) {
            guard let id = ID32(hex: file.name) else { continue }
            out.append((id, try await loadSnapshot(id)))
        }
        return out.sorted { ($0.snapshot.time, $0.id) < ($1.snapshot.time, $1.id) }
    }

    /// Every snapshot that can be read, oldest first, and the snapshot files that cannot (damaged,
    /// not named by an id, unreadable), each named — for listings that must not be blocked by one bad
    /// file (`snapshots`, `restore latest`; SPEC.md §14 exit 3). Writers that must see every snapshot
    /// (prune, forget) use ``listSnapshots()``, which throws instead.
    public nonisolated func listReadableSnapshots() async throws -> SnapshotListing {
        var listing = SnapshotListing()
        for file in try await backend.list(.snapshot) {
            let path = FileKind.snapshot.path(of: file.name)
            guard let id = ID32(hex: file.name) else {
                listing.unreadable.append(UnreadableSnapshot(file: path, reason: "\(path) is not named by a snapshot id"))
                continue
            }
            do {
                listing.snapshots.append((id, try await loadSnapshot(id)))
            } catch let error as ArchiveStoreError {
                listing.unreadable.append(UnreadableSnapshot(file: path, reason: error.message))
            }
        }
        listing.snapshots.sort { ($0.snapshot.time, $0.id) < ($1.snapshot.time, $1.id) }
        listing.unreadable.sort { $0.file < $1.file }
        return listing
    }

    /// Deletes a snapshot file (its chunks stay until a prune).
    public nonisolated func removeSnapshot(_ id: SnapshotID) async throws {
        try await backend.remove(.snapshot, name: id.hex)
    }

    /// Resolves `"latest"` (newest by time) or a unique id prefix (at least 4 hex characters).
    /// - Throws: `.notFound` when nothing matches; `.invalidArgument` when ambiguous.
    public nonisolated func resolveSnapshot(_ text: String) async throws -> SnapshotID {
        if text == "latest" {
            guard let latest = try await listReadableSnapshots().snapshots.last else {
                throw ArchiveStoreError(.notFound, "the repository has no snapshots")
            }
            return latest.id
        }
        return try await resolveFile(.snapshot, prefix: text)
    }

    /// Resolves a unique prefix of a file name of `kind` to its id.
    public nonisolated func resolveFile(_ kind: FileKind, prefix: String) async throws -> ID32 {
        let names = try await backend.list(kind).map(\.name)
        return try Self.resolvePrefix(prefix, among: names, what: kind.noun)
    }

    /// The chunk id `plaintext` would get (keyed hash), without storing it.
    /// A record chunker with this repository's parameters and chunker key (SPEC.md §5.2).
    public nonisolated func makeChunker() -> RecordChunker {
        RecordChunker(parameters: config.chunker, keys: keys)
    }

    public nonisolated func chunkID(of plaintext: [UInt8]) -> ChunkID {
        hasher.id(of: plaintext)
    }
}
