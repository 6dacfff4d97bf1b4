/// Everything the index files and the pack directory say, read straight from the backend (not from
/// the in-memory index, which keeps only one location per chunk). Shared by `check` and `prune`.
struct IndexInventory {
    /// A pack as described by the index files naming it.
    struct PackRecord {
        var id: PackID
        /// Entries in pack order (union over every index file naming the pack).
        var entries: [PackEntry]
        /// Index files naming the pack.
        var indexFiles: [String]
        /// Index files disagree about the pack's contents.
        var inconsistent = false
    }

    /// Index files that loaded, sorted by name.
    var indexFiles: [String] = []
    /// Index files that failed to load, with the reason.
    var damagedIndexFiles: [(name: String, message: String)] = []
    /// Packs named by some index file.
    var packs: [PackID: PackRecord] = [:]
    /// Pack files present on the backend, with their sizes.
    var packFiles: [PackID: Int] = [:]
    /// File names under `data/` that are not pack ids.
    var strayPackFiles: [String] = []

    /// Reads every index file and lists every pack file.
    /// - Throws: transport errors only; damaged index files are recorded in ``damagedIndexFiles``.
    static func load(_ repository: Repository) async throws -> IndexInventory {
        var inventory = IndexInventory()
        for file in try await repository.backend.list(.pack) {
            if let id = ID32(hex: file.name), id.hex == file.name {
                inventory.packFiles[id] = file.size
            } else {
                inventory.strayPackFiles.append(file.name)
            }
        }
        for name in try await repository.backend.list(.index).map(\.name).sorted() {
            let contents: [(pack: PackID, entries: [PackEntry])]
            do {
                guard let id = ID32(hex: name), id.hex == name else {
                    throw ArchiveStoreError(.corrupted, "\(FileKind.index.path(of: name)) is not named by an id")
                }
                contents = try await repository.loadIndexFile(id)
            } catch let error as ArchiveStoreError where error.code != .io {
                inventory.damagedIndexFiles.append((name, error.message))
                continue
            }
            inventory.indexFiles.append(name)
            for (pack, entries) in contents { inventory.add(pack: pack, entries: entries, from: name) }
        }
        return inventory
    }

    private mutating func add(pack: PackID, entries: [PackEntry], from indexFile: String) {
        guard var record = packs[pack] else {
            packs[pack] = PackRecord(id: pack, entries: entries, indexFiles: [indexFile])
            return
        }
        record.indexFiles.append(indexFile)
        if record.entries != entries {
            record.inconsistent = true
            var byOffset = Dictionary(record.entries.map { ($0.offset, $0) }, uniquingKeysWith: { a, _ in a })
            for entry in entries where byOffset[entry.offset] == nil { byOffset[entry.offset] = entry }
            record.entries = byOffset.values.sorted { $0.offset < $1.offset }
        }
        packs[pack] = record
    }

    /// Packs on the backend that no index file names (left by an interrupted writer or prune).
    var unindexedPackFiles: [PackID] {
        packFiles.keys.filter { packs[$0] == nil }.sorted()
    }

    /// Packs named by an index file but absent from the backend.
    var missingPacks: [PackID] {
        packs.keys.filter { packFiles[$0] == nil }.sorted()
    }
}
