/// Options for `prune` (SPEC.md §14 "prune").
public struct PruneOptions: Sendable {
    /// A pack is rewritten when more than this fraction (0…1) of its chunk bytes is unused (dead or
    /// a duplicate copy); packs with nothing used are deleted whatever the threshold.
    public var maxUnusedFraction: Double

    /// Default threshold: 20 %.
    public static let defaultMaxUnusedFraction = 0.2

    public init(maxUnusedFraction: Double = PruneOptions.defaultMaxUnusedFraction) {
        self.maxUnusedFraction = maxUnusedFraction
    }
}

/// What `prune` will do, computed without changing anything (`--dry-run` prints it).
public struct PrunePlan: Sendable {
    /// Packs kept as they are.
    public var keep: [PackID] = []
    /// Packs with no used chunk: deleted.
    public var delete: [PackID] = []
    /// Packs above the unused threshold: their used chunks are copied into new packs, then deleted.
    public var repack: [PackID] = []
    /// Pack files no index names (from interrupted writers): deleted.
    public var unindexed: [PackID] = []
    /// Packs an index file names but the backend lacks (holding no used chunk): dropped from the index.
    public var missing: [PackID] = []

    /// Index files in effect when the plan was made; all replaced by the new index.
    var indexFiles: [String] = []
    /// Per kept or repacked pack, its entries (for the new index and for copying).
    var entries: [PackID: [PackEntry]] = [:]
    /// Chunks to copy out of repacked packs, by pack.
    var copy: [PackID: [PackEntry]] = [:]

    /// Chunks the snapshots reference.
    public var liveChunks = 0
    /// Indexed chunks no snapshot references (dropped unless they sit in a kept pack).
    public var deadChunks = 0
    /// Extra indexed copies of live chunks.
    public var duplicateChunks = 0
    /// Bytes of every pack file before.
    public var bytesBefore = 0
    /// Bytes of pack files removed (deleted, repacked, unindexed).
    public var bytesRemoved = 0
    /// Sealed chunk bytes copied into new packs.
    public var bytesRepacked = 0

    /// Whether running the plan changes nothing.
    public var isEmpty: Bool { delete.isEmpty && repack.isEmpty && unindexed.isEmpty && missing.isEmpty }
}

extension PrunePlan {
    /// Decides each pack's fate. Every live chunk is used from exactly one pack: the copy in the pack
    /// with the most used bytes (ties: smallest pack id), so duplicates count as unused elsewhere.
    /// - Throws: `.corrupted` when a live chunk is not indexed or its only pack is missing.
    static func make(
        inventory: IndexInventory, live: Set<ChunkID>, options: PruneOptions
    ) throws -> PrunePlan {
        var plan = PrunePlan()
        plan.indexFiles = inventory.indexFiles
        plan.bytesBefore = inventory.packFiles.values.reduce(0, +)
        let present = inventory.packs.values.filter { inventory.packFiles[$0.id] != nil }

        // Live bytes per pack counting every copy, to pick the copy to keep.
        var liveBytes: [PackID: Int] = [:]
        var copies: [ChunkID: [PackID]] = [:]
        for record in present {
            for entry in record.entries where live.contains(entry.id) {
                liveBytes[record.id, default: 0] += Int(entry.length)
                copies[entry.id, default: []].append(record.id)
            }
        }
        var usedFrom: [ChunkID: PackID] = [:]
        for (chunk, packs) in copies {
            usedFrom[chunk] = packs.min { a, b in
                let (la, lb) = (liveBytes[a] ?? 0, liveBytes[b] ?? 0)
                return la != lb ? la > lb : a < b
            }
            plan.duplicateChunks += packs.count - 1
        }
        let missing = live.filter { usedFrom[$0] == nil }
        if let example = missing.min() {
            throw ArchiveStoreError(
                .corrupted,
                "\(missing.count) chunk(s) referenced by snapshots are in no existing pack (e.g. \(example.hex)); "
                    + "nothing was changed: run `aerovault check` and repair before pruning")
        }
        plan.liveChunks = live.count

        for record in present.sorted(by: { $0.id < $1.id }) {
            var used: [PackEntry] = []
            var total = 0
            var seen: Set<ChunkID> = []
            for entry in record.entries {
                total += Int(entry.length)
                if usedFrom[entry.id] == record.id, seen.insert(entry.id).inserted {
                    used.append(entry)
                } else if !live.contains(entry.id) {
                    plan.deadChunks += 1
                }
            }
            let size = inventory.packFiles[record.id] ?? 0
            let usedBytes = used.reduce(0) { $0 + Int($1.length) }
            if used.isEmpty {
                plan.delete.append(record.id)
                plan.bytesRemoved += size
            } else if total > 0, Double(total - usedBytes) / Double(total) > options.maxUnusedFraction {
                plan.repack.append(record.id)
                plan.copy[record.id] = used
                plan.bytesRemoved += size
                plan.bytesRepacked += usedBytes
            } else {
                plan.keep.append(record.id)
                plan.entries[record.id] = record.entries
            }
        }
        plan.unindexed = inventory.unindexedPackFiles
        plan.missing = inventory.missingPacks
        plan.bytesRemoved += plan.unindexed.reduce(0) { $0 + (inventory.packFiles[$1] ?? 0) }
        return plan
    }
}
