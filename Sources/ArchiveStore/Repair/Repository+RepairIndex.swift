/// What `repair index` did (SPEC.md §14 "repair index").
public struct IndexRepairReport: Sendable {
    /// Pack files whose header was read.
    public var packsRead = 0
    /// Chunks (pack entries) the new index lists.
    public var chunks = 0
    /// Packs whose header could not be read, with the reason. If an old index file described such a
    /// pack its entries were kept (the chunks still verify when read); otherwise the pack is left
    /// out of the index.
    public var unreadablePacks: [(pack: PackID, message: String, keptFromOldIndex: Bool)] = []
    /// Old index files that could not be read (they are removed like the others).
    public var damagedIndexFiles: [String] = []
    /// Packs the old index named that do not exist (their entries are dropped).
    public var missingPacks = 0
    /// New index files written, then old ones removed.
    public var indexFilesWritten: [String] = []
    public var indexFilesRemoved = 0

    public init() {}
}

/// A step of `repair index`, for progress lines.
public enum IndexRepairProgress: Sendable {
    case headersRead(done: Int, total: Int)
    case indexSaved(files: Int)
    case removed(done: Int, total: Int)
}

extension Repository {
    /// Rebuilds the index from the pack headers, like restic's `repair index` (SPEC.md §14
    /// "repair index"): lists the old index files and the pack files, reads every pack's header,
    /// saves new index files naming every chunk found, and only then removes the old index files
    /// (listed before the new ones were written, so a crash at any point leaves a valid index:
    /// old and new files may coexist, duplicate entries are harmless, SPEC.md §11). Afterwards this
    /// session reads the new index. Run under an exclusive lock.
    /// - Throws: transport errors (`.io`) and cancellation; damaged packs and index files are reported.
    public func repairIndex(progress: (@Sendable (IndexRepairProgress) -> Void)? = nil) async throws -> IndexRepairReport {
        try role.require(.admin, for: "repair index")
        try requireNotAppendOnly("repair index (it removes the old index files)")
        var report = IndexRepairReport()
        let inventory = try await IndexInventory.load(self)
        report.damagedIndexFiles = inventory.damagedIndexFiles.map(\.name)
        report.missingPacks = inventory.missingPacks.count
        let oldIndexFiles = inventory.indexFiles + report.damagedIndexFiles
        var packs: [IndexFile.Pack] = []
        let packIDs = inventory.packFiles.keys.sorted()
        for (number, pack) in packIDs.enumerated() {
            try Task.checkCancellation()
            do {
                let entries = try await PackReader.loadHeader(pack, backend: backend, sealer: sealer)
                packs.append(IndexFile.Pack(id: pack, entries: entries))
                report.packsRead += 1
            } catch let error as ArchiveStoreError where error.code == .corrupted || error.code == .notFound {
                let old = inventory.packs[pack]?.entries ?? []
                if !old.isEmpty { packs.append(IndexFile.Pack(id: pack, entries: old)) }
                report.unreadablePacks.append((pack, error.message, !old.isEmpty))
            }
            if (number + 1) % 256 == 0 || number + 1 == packIDs.count {
                progress?(.headersRead(done: number + 1, total: packIDs.count))
            }
        }
        report.chunks = packs.reduce(0) { $0 + $1.entries.count }
        report.indexFilesWritten = try await saveIndexFiles(packs)
        progress?(.indexSaved(files: report.indexFilesWritten.count))
        let obsolete = oldIndexFiles.filter { !report.indexFilesWritten.contains($0) }
        for (number, name) in obsolete.enumerated() {
            do {
                try await backend.remove(.index, name: name)
            } catch let error as ArchiveStoreError where error.code == .notFound {
                // Already gone (another repair, or a prune before the lock): nothing to do.
            }
            report.indexFilesRemoved += 1
            progress?(.removed(done: number + 1, total: obsolete.count))
        }
        try await resetIndex()
        return report
    }
}
