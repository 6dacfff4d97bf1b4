import ArchiveStore

/// Record counts that differ between two snapshots for one set.
public struct SetDifference: Sendable, Hashable, Codable {
    /// In the second snapshot only.
    public var added = 0
    /// In both, with different contents (bins, key, generation, expiry or last-update time).
    public var changed = 0
    /// In the first snapshot only.
    public var deleted = 0

    public init(added: Int = 0, changed: Int = 0, deleted: Int = 0) {
        self.added = added
        self.changed = changed
        self.deleted = deleted
    }

    public var isEmpty: Bool { added == 0 && changed == 0 && deleted == 0 }
}

/// What `diff A B` found: per set (`""` for records without a set), and totals.
public struct SnapshotDifference: Sendable, Hashable {
    public var sets: [String: SetDifference] = [:]
    /// Partitions whose layer stacks were identical and were skipped without reading.
    public var partitionsSkipped = 0

    public var total: SetDifference {
        sets.values.reduce(into: SetDifference()) {
            $0.added += $1.added
            $0.changed += $1.changed
            $0.deleted += $1.deleted
        }
    }
}

/// `diff`: streams both snapshots' merged partitions side by side in digest order (SPEC.md §14
/// "diff"). Partitions with identical layer stacks are skipped, so an incremental against its parent
/// reads only partitions that changed. Memory: one chunk per layer of two partitions.
public struct SnapshotDiffer: Sendable {
    public let loader: any SnapshotLister

    public init(loader: any SnapshotLister) {
        self.loader = loader
    }

    public func diff(_ first: SnapshotID, _ second: SnapshotID) async throws -> SnapshotDifference {
        let records = SnapshotRecords(loader: loader)
        let a = try await records.table(first)
        let b = try await records.table(second)
        var result = SnapshotDifference()
        for partition in 0..<PartitionTable.partitionCount {
            try Task.checkCancellation()
            let (stackA, stackB) = (a.stacks[partition], b.stacks[partition])
            if stackA.map(\.id) == stackB.map(\.id) {
                if !stackA.isEmpty { result.partitionsSkipped += 1 }
                continue
            }
            try await compare(LayerMerger(loader: loader, stack: stackA), LayerMerger(loader: loader, stack: stackB), into: &result)
        }
        return result
    }

    private func compare(_ a: LayerMerger, _ b: LayerMerger, into result: inout SnapshotDifference) async throws {
        var left = try await a.next()
        var right = try await b.next()
        while left != nil || right != nil {
            if let l = left, let r = right, l.digest == r.digest {
                if l != r { result.sets[r.set ?? "", default: SetDifference()].changed += 1 }
                left = try await a.next()
                right = try await b.next()
            } else if let l = left, right == nil || l.digest.lexicographicallyPrecedes(right!.digest) {
                result.sets[l.set ?? "", default: SetDifference()].deleted += 1
                left = try await a.next()
            } else if let r = right {
                result.sets[r.set ?? "", default: SetDifference()].added += 1
                right = try await b.next()
            }
        }
    }
}
