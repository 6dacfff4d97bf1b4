import ArchiveStore

/// `copy`: copies snapshots from one repository into another, like `restic copy` (SPEC.md §14
/// "copy"). Data is read and authenticated in the source and sealed again under the destination's
/// keys; chunks the destination already holds are not stored twice, and a snapshot already copied
/// (same `original`, §9) is not copied again. The caller holds a shared lock on both repositories.
public struct SnapshotCopier: Sendable {
    public let source: any SnapshotLister
    public let destination: any SnapshotLister & SnapshotSaver

    public init(source: any SnapshotLister, destination: any SnapshotLister & SnapshotSaver) {
        self.source = source
        self.destination = destination
    }

    /// What happened to one source snapshot.
    public struct Copied: Sendable, Equatable {
        public var source: SnapshotID
        /// The destination snapshot: the new copy, or the one that was already there.
        public var destination: SnapshotID
        /// The destination already had a copy; nothing was written for this snapshot.
        public var alreadyPresent: Bool
        /// Chunks this snapshot added to the destination, and their plaintext bytes.
        public var chunksStored: Int
        public var bytesStored: UInt64
        /// Chunks of this snapshot the destination already held (or this run stored for an earlier one).
        public var chunksReused: Int
    }

    /// Copies `ids` (oldest first, so a parent is copied before its children), reporting each as it
    /// finishes. - Throws: `.invalidArgument` for a snapshot with metadata this build cannot
    /// translate (nothing of it is saved), or the first read/write error.
    public func copy(_ ids: [SnapshotID], progress: (Copied) -> Void = { _ in }) async throws -> [Copied] {
        var snapshots: [(id: SnapshotID, snapshot: Snapshot)] = []
        for id in Set(ids) { snapshots.append((id, try await source.loadSnapshot(id))) }
        snapshots.sort { ($0.snapshot.time, $0.id) < ($1.snapshot.time, $1.id) }

        var copies: [SnapshotID: SnapshotID] = [:]  // original → destination snapshot
        for entry in try await destination.listReadableSnapshots().snapshots {
            copies[entry.snapshot.original ?? entry.id] = entry.id
        }
        var translator = ChunkTranslator(source: source, destination: destination)
        var out: [Copied] = []
        for (id, snapshot) in snapshots {
            let original = snapshot.original ?? id
            let before = (translator.stored, translator.storedBytes, translator.reused)
            if let existing = copies[original] {
                out.append(Copied(source: id, destination: existing, alreadyPresent: true, chunksStored: 0,
                                  bytesStored: 0, chunksReused: 0))
                progress(out[out.count - 1])
                continue
            }
            var copy = snapshot
            copy.metadata = try await translateMetadata(of: id, snapshot, with: &translator)
            copy.parent = try await destinationParent(of: snapshot, copies: copies)
            copy.original = original
            let table = try await translator.partitionTable(of: snapshot)
            let newID = try await destination.saveSnapshot(copy, partitions: table)
            copies[original] = newID
            out.append(Copied(
                source: id, destination: newID, alreadyPresent: false, chunksStored: translator.stored - before.0,
                bytesStored: translator.storedBytes - before.1, chunksReused: translator.reused - before.2))
            progress(out[out.count - 1])
        }
        return out
    }

    /// The snapshot's metadata entries re-stored: the digest-list table rewritten (§17.3), the JSON
    /// leaves (§17.4, §17.5) and entries of formats this build does not know copied as they are —
    /// unless such an entry names a chunk of the source, whose id would mean nothing in the
    /// destination: then the snapshot is refused before anything of it is written.
    private func translateMetadata(
        of id: SnapshotID, _ snapshot: Snapshot, with translator: inout ChunkTranslator
    ) async throws -> [String: ChunkID] {
        let known = [DigestListTable.metadataName, BackupParameters.metadataName, ClusterMetadata.metadataName]
        for (name, chunk) in snapshot.metadata.sorted(by: { $0.key < $1.key }) where !known.contains(name) {
            if try await translator.namesSourceChunks(chunk) {
                throw AeroVaultError(
                    .invalidArgument,
                    "snapshot \(id.short) has metadata '\(name)' of a format this build does not know, naming "
                        + "chunks by id; it was not copied")
            }
        }
        var out: [String: ChunkID] = [:]
        for (name, chunk) in snapshot.metadata.sorted(by: { $0.key < $1.key }) {
            out[name] = name == DigestListTable.metadataName
                ? try await translator.digestListTable(root: chunk) : try await translator.chunk(chunk, type: .tree)
        }
        return out
    }

    /// The destination's copy of the snapshot's parent, if it has one; otherwise none (the copy
    /// still restores whole: its partition table names every layer it needs).
    private func destinationParent(of snapshot: Snapshot, copies: [SnapshotID: SnapshotID]) async throws -> SnapshotID? {
        guard let parent = snapshot.parent else { return nil }
        if let copied = copies[parent] { return copied }
        let parentOriginal = try? await source.loadSnapshot(parent).original
        return parentOriginal.flatMap { $0 }.flatMap { copies[$0] }
    }
}
