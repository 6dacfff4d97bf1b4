/// `aerovault prune` (SPEC.md §14 "prune"): removes chunks no snapshot references and reclaims
/// their space, crash-safe at every step.
///
/// Order of effects (SPEC.md §11): (1) used chunks of repacked packs are copied, verified, into new
/// packs; (2) one or more new index files naming every kept and new pack are saved; (3) the old index
/// files are removed; (4) the deleted, repacked and unindexed packs are removed. A crash before (2)
/// leaves only unindexed new packs (garbage for the next prune); after (2) every index file names
/// only existing packs. Chunks referenced by backup checkpoints (an interrupted backup that a rerun
/// will continue) and by the parts of many-worker runs (a run not yet assembled) count as used. The caller must hold an **exclusive** lock for the whole run.
public struct Pruner: Sendable {
    /// A step of ``execute(_:)``, for progress output (the engine itself never prints).
    public enum Event: Sendable {
        /// `done` of `total` packs to repack have been copied.
        case repacked(done: Int, total: Int)
        /// The new index (`files` index files) is saved.
        case indexSaved(files: Int)
        /// `done` of `total` obsolete files (old index files, then packs) are removed.
        case removed(done: Int, total: Int)
    }

    public let repository: Repository
    public let expanders: MetadataExpanders
    /// Called after each step of ``execute(_:)``; may be called from any task.
    public var progress: (@Sendable (Event) -> Void)?

    public init(
        repository: Repository, expanders: MetadataExpanders = .none, progress: (@Sendable (Event) -> Void)? = nil
    ) {
        self.repository = repository
        self.expanders = expanders
        self.progress = progress
    }

    /// Marks live chunks from every snapshot and decides what to do with each pack.
    /// - Throws: `.corrupted` if a snapshot cannot be followed completely (nothing is changed then).
    public func plan(_ options: PruneOptions = PruneOptions()) async throws -> PrunePlan {
        try repository.role.require(.admin, for: "prune")
        try await repository.reloadIndex()
        let inventory = try await IndexInventory.load(repository)
        if let damaged = inventory.damagedIndexFiles.first {
            throw ArchiveStoreError(
                .corrupted, "cannot prune: \(FileKind.index.path(of: damaged.name)) is damaged (\(damaged.message)); "
                    + "run `aerovault check`")
        }
        var walker = ReferenceWalker(repository: repository, expanders: expanders)
        for (id, snapshot) in try await repository.listSnapshots() {
            try await walker.visit(snapshot, id: id)
        }
        for file in try await repository.backend.list(.checkpoint) {
            // An unreadable checkpoint is ignored by its writer too (it starts over), so skipping is safe.
            guard let body = try? await repository.loadCheckpoint(name: file.name) else { continue }
            try await walker.visitCheckpoint(body: body)
        }
        for name in try await repository.listRunParts() {
            // Parts of unfinished many-worker runs (SPEC.md §17.7) keep what the run will assemble. An
            // unreadable part cannot be assembled either, so skipping it loses nothing.
            guard let body = try? await repository.loadRunPart(name) else { continue }
            try await walker.visitCheckpoint(body: body)
        }
        if let problem = walker.problems.first {
            throw ArchiveStoreError(
                .corrupted,
                "cannot prune: \(walker.problems.count) problem(s) following snapshots, e.g. \(problem); "
                    + "nothing was changed: run `aerovault check`")
        }
        return try PrunePlan.make(inventory: inventory, live: walker.live, options: options)
    }

    /// Carries out `plan`. Returns the number of new packs written.
    @discardableResult
    public func execute(_ plan: PrunePlan) async throws -> Int {
        try repository.role.require(.admin, for: "prune")
        guard !plan.isEmpty else { return 0 }
        let newPacks = try await copyUsedChunks(plan)
        var packs = plan.keep.map { IndexFile.Pack(id: $0, entries: plan.entries[$0] ?? []) }
        packs.append(contentsOf: newPacks)
        let indexFiles = try await saveIndex(packs)  // not inside `progress?(…)`: that skips it when nil
        progress?(.indexSaved(files: indexFiles))
        let obsolete = plan.indexFiles.map { (FileKind.index, $0) }
            + (plan.delete + plan.repack + plan.unindexed).map { (FileKind.pack, $0.hex) }
        for (number, (kind, name)) in obsolete.enumerated() {
            try await removeIgnoringMissing(kind, name)
            if (number + 1) % 100 == 0 || number + 1 == obsolete.count {
                progress?(.removed(done: number + 1, total: obsolete.count))
            }
        }
        try await repository.resetIndex()
        return newPacks.count
    }

    /// Copies the used chunks of repacked packs into new packs (sealed bytes are copied as they are:
    /// a chunk's sealing depends only on its id), verifying each chunk first.
    private func copyUsedChunks(_ plan: PrunePlan) async throws -> [IndexFile.Pack] {
        let packSize = repository.config.packSize
        var writer = PackWriter(targetSize: packSize)
        var saved: [IndexFile.Pack] = []
        for (number, pack) in plan.repack.enumerated() {
            try Task.checkCancellation()
            defer { progress?(.repacked(done: number + 1, total: plan.repack.count)) }
            let bytes = try await repository.backend.load(.pack, name: pack.hex)
            for entry in plan.copy[pack] ?? [] {
                if let problem = repository.verifySealedChunk(entry, in: bytes, pack: pack) {
                    throw ArchiveStoreError(
                        .corrupted, "cannot prune: \(problem.message); nothing was deleted: run `aerovault check`")
                }
                _ = try writer.append(
                    id: entry.id, type: entry.type, sealed: Array(bytes[entry.range]),
                    plaintextLength: Int(entry.plaintextLength))
                if writer.isFull {
                    saved.append(try await save(writer))
                    writer = PackWriter(targetSize: packSize)
                }
            }
        }
        if !writer.isEmpty { saved.append(try await save(writer)) }
        return saved
    }

    private func save(_ writer: PackWriter) async throws -> IndexFile.Pack {
        let bytes = try writer.finish(sealer: repository.sealer)
        let id = FileHash.id(of: bytes)
        try await repository.backend.save(.pack, name: id.hex, bytes: bytes)
        return IndexFile.Pack(id: id, entries: writer.entries)
    }

    /// Saves index files of at most `indexMaxEntries` chunks each; returns how many.
    private func saveIndex(_ packs: [IndexFile.Pack]) async throws -> Int {
        try await repository.saveIndexFiles(packs).count
    }

    private func removeIgnoringMissing(_ kind: FileKind, _ name: String) async throws {
        do {
            try await repository.backend.remove(kind, name: name)
        } catch let error as ArchiveStoreError where error.code == .notFound {
            return
        }
    }
}
