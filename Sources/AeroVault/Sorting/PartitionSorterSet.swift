import Foundation

/// One ``PartitionSorter`` per partition of a multi-partition scan (SPEC.md §14 "backup", "Scans"),
/// sharing one memory budget: records of many partitions arrive interleaved, and when their buffered
/// bytes together pass the budget, the partitions holding the most spill sorted runs until at most
/// half of it is buffered. Each partition is then drained on its own, ascending by digest.
///
/// Not thread-safe: one set belongs to one scan group.
final class PartitionSorterSet<Record: SpillableRecord> {
    private var sorters: [Int: PartitionSorter<Record>] = [:]
    private let memoryBudget: Int
    private let spillDirectory: URL
    private let cipher: any SpillCipher
    private var bufferedBytes = 0

    /// - Parameters:
    ///   - partitions: the partitions records may be added to.
    ///   - memoryBudget: bytes buffered over all partitions before runs are spilled (at least 1).
    init(partitions: [Int], memoryBudget: Int, spillDirectory: URL, cipher: any SpillCipher) {
        self.memoryBudget = max(1, memoryBudget)
        self.spillDirectory = spillDirectory
        self.cipher = cipher
        for partition in partitions { sorters[partition] = makeSorter() }
    }

    /// True if `partition` is one of the set's (and not yet taken).
    func contains(_ partition: Int) -> Bool { sorters[partition] != nil }

    /// Records added to `partition` so far (0 if it is not in the set).
    func count(of partition: Int) -> Int { sorters[partition]?.count ?? 0 }

    /// Buffers a record of `partition` (which must be in the set), spilling when over budget.
    func add(_ record: Record, to partition: Int) throws {
        guard let sorter = sorters[partition] else { preconditionFailure("partition \(partition) is not in the set") }
        let before = sorter.bufferedBytes
        try sorter.add(record)
        bufferedBytes += sorter.bufferedBytes - before
        if bufferedBytes > memoryBudget { try spillLargest() }
    }

    /// Drops what `partition` collected (its scan is retried from the start).
    func discard(_ partition: Int) {
        guard let old = sorters[partition] else { return }
        bufferedBytes -= old.bufferedBytes
        sorters[partition] = makeSorter()
    }

    /// Removes and returns the sorter of `partition`, ready to drain.
    func take(_ partition: Int) -> PartitionSorter<Record> {
        guard let sorter = sorters.removeValue(forKey: partition) else {
            preconditionFailure("partition \(partition) is not in the set")
        }
        bufferedBytes -= sorter.bufferedBytes
        return sorter
    }

    private func makeSorter() -> PartitionSorter<Record> {
        // Each sorter alone may hold the whole budget; the set spills before that.
        PartitionSorter(memoryBudget: memoryBudget, spillDirectory: spillDirectory, cipher: cipher)
    }

    private func spillLargest() throws {
        let largestFirst = sorters.values.sorted { $0.bufferedBytes > $1.bufferedBytes }
        for sorter in largestFirst where bufferedBytes > memoryBudget / 2 {
            bufferedBytes -= sorter.bufferedBytes
            try sorter.spill()
        }
    }
}
