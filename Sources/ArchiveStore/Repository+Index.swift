extension Repository {
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
