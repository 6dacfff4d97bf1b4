extension Repository {
    /// How many of `ids` the index holds as chunks of `type` (at their first location).
    public func countChunks(_ ids: [ChunkID], ofType type: ChunkType) -> Int {
        ids.filter { index.locations(of: $0).first?.type == type }.count
    }

    /// Writes an index file when policy says so and picks up other writers' index files.
    func afterPackSaved() async throws {
        let now = ContinuousClock.now
        let entries = unindexed.reduce(0) { $0 + $1.entries.count }
        if entries >= writeOptions.indexMaxEntries
            || (unindexedSince.map { now - $0 >= .seconds(writeOptions.indexMaxAge) } ?? false)
        {
            try await writeIndex()
        }
        if now - lastIndexReload >= .seconds(writeOptions.indexReloadInterval) {
            try await reloadIndex()
        }
    }

    /// Saves one index file covering every pack saved since the last index file.
    /// Packs are always saved before the index file naming them (SPEC.md §11).
    func writeIndex() async throws {
        guard !unindexed.isEmpty else { return }
        let file = IndexFile(packs: unindexed)
        unindexed = []
        unindexedSince = nil
        do {
            let bytes = try file.encode(sealer: sealer)
            let name = FileHash.id(of: bytes).hex
            loadedIndexFiles.insert(name)
            try await backend.save(.index, name: name, bytes: bytes)
        } catch {
            unindexed = file.packs + unindexed
            if unindexedSince == nil { unindexedSince = .now }
            throw error
        }
    }

    /// Loads index files not yet seen (written by other processes since open).
    /// - Throws: `.corrupted` naming a damaged index file.
    public func reloadIndex() async throws {
        lastIndexReload = .now
        let names = try await backend.list(.index).map(\.name).filter { !loadedIndexFiles.contains($0) }
        for name in names.sorted() where !loadedIndexFiles.contains(name) {
            let bytes = try await backend.load(.index, name: name)
            let file = try IndexFile.decode(bytes, name: name, sealer: sealer)
            for pack in file.packs {
                for entry in pack.entries { index.add(entry.id, entry.location(in: pack.id)) }
            }
            loadedIndexFiles.insert(name)
        }
    }

    /// Saves `packs` as new index files of at most `indexMaxEntries` chunks each (a pack is never
    /// split); returns their names. Used by prune and `repair index`, which then remove the old ones.
    func saveIndexFiles(_ packs: [IndexFile.Pack]) async throws -> [String] {
        let limit = max(1, writeOptions.indexMaxEntries)
        var batches: [[IndexFile.Pack]] = [[]]
        var count = 0
        for pack in packs {
            if count > 0, count + pack.entries.count > limit {
                batches.append([])
                count = 0
            }
            batches[batches.count - 1].append(pack)
            count += pack.entries.count
        }
        var names: [String] = []
        for batch in batches where !batch.isEmpty {
            let bytes = try IndexFile(packs: batch).encode(sealer: sealer)
            let name = FileHash.id(of: bytes).hex
            try await backend.save(.index, name: name, bytes: bytes)
            names.append(name)
        }
        return names
    }

    /// Forgets the in-memory index and reloads it from the index files (after prune or `repair index`
    /// replaced them).
    func resetIndex() async throws {
        index = ChunkIndex()
        loadedIndexFiles = []
        missingPacks = []
        try await reloadIndex()
    }

    /// The chunks of `ids` a reader cannot get: not indexed, or indexed only in packs that do not
    /// exist (one listing of `data/`). Restore runs this before its first write (SPEC.md §14 "restore").
    /// - Returns: each such chunk with the reason, in the order given.
    public func unavailableChunks(_ ids: [ChunkID]) async throws -> [(chunk: ChunkID, reason: String)] {
        let present = Set(try await backend.list(.pack).compactMap { ID32(hex: $0.name) })
        var out: [(chunk: ChunkID, reason: String)] = []
        for id in ids {
            let locations = index.locations(of: id)
            if locations.isEmpty {
                if pending[id] == nil { out.append((id, "not in the index")) }
            } else if !locations.contains(where: { present.contains($0.pack) }) {
                let packs = locations.map { FileKind.pack.path(of: $0.pack.hex) }.joined(separator: ", ")
                out.append((id, "indexed only in missing pack(s) \(packs)"))
            }
        }
        return out
    }

    /// Every indexed chunk with its location (for `check` and debugging).
    public func forEachIndexedChunk(_ body: (ChunkID, ChunkLocation) throws -> Void) rethrows {
        try index.forEach(body)
    }

    /// Decrypted contents of an index file, for `aerovault cat index` and checks.
    public func loadIndexFile(_ id: IndexID) async throws -> [(pack: PackID, entries: [PackEntry])] {
        let bytes = try await backend.load(.index, name: id.hex)
        let file = try IndexFile.decode(bytes, name: id.hex, sealer: sealer)
        return file.packs.map { ($0.id, $0.entries) }
    }

    /// Decrypted header of a pack, for `aerovault cat pack` and checks.
    public func loadPackHeader(_ id: PackID) async throws -> [PackEntry] {
        try await PackReader.loadHeader(id, backend: backend, sealer: sealer)
    }
}
