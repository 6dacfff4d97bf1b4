import Foundation
import Testing
import ArchiveStore

@testable import AeroVault

/// The per-partition sorters of one multi-partition scan share one memory budget (SPEC.md §14
/// "backup", "Sort spill files").
@Suite struct PartitionSorterSetTests {
    @Test func interleavedPartitionsShareTheBudgetAndDrainSeparately() async throws {
        var rng = SystemRandomNumberGenerator()
        let set = PartitionSorterSet<SortProbe>(
            partitions: [3, 7, 9], memoryBudget: 16 * 1024, spillDirectory: try PartitionSorterTests.tempDir(),
            cipher: XorSpillCipher())
        var expected: [Int: [SortProbe]] = [:]
        // Interleaved as a server's job threads send them; together far over the budget, each alone under it.
        for i in 0..<600 {
            let partition = [3, 7, 9][i % 3]
            let record = SortProbe(sortDigest: PartitionSorterTests.digest(&rng), payload: [UInt8(i & 0xFF)])
            try set.add(record, to: partition)
            expected[partition, default: []].append(record)
        }
        #expect(set.contains(7) && !set.contains(4))
        #expect(set.count(of: 9) == 200)
        for partition in [3, 7, 9] {
            let sorter = set.take(partition)
            #expect(sorter.spilledRunCount > 0)
            let out = try await PartitionSorterTests.drain(sorter)
            #expect(out == expected[partition]!.sorted { DigestOrder.less($0.sortDigest, $1.sortDigest) })
        }
        #expect(!set.contains(3))
    }

    @Test func discardedPartitionStartsOver() async throws {
        var rng = SystemRandomNumberGenerator()
        let set = PartitionSorterSet<SortProbe>(
            partitions: [1, 2], memoryBudget: 1 << 20, spillDirectory: try PartitionSorterTests.tempDir(),
            cipher: XorSpillCipher())
        for _ in 0..<10 { try set.add(SortProbe(sortDigest: PartitionSorterTests.digest(&rng), payload: [1]), to: 1) }
        let kept = SortProbe(sortDigest: PartitionSorterTests.digest(&rng), payload: [2])
        try set.add(kept, to: 2)
        set.discard(1)
        let retried = SortProbe(sortDigest: PartitionSorterTests.digest(&rng), payload: [3])
        try set.add(retried, to: 1)
        #expect(try await PartitionSorterTests.drain(set.take(1)) == [retried])
        #expect(try await PartitionSorterTests.drain(set.take(2)) == [kept])
    }
}
