import AerospikeWire
import Foundation

/// Parallel bulk loading of the seed mix.
extension Seeder {
    /// Generates records `0..<count` on all cores and bulk-loads them into `store`.
    ///
    /// Three passes, none of which depends on the thread count or scheduling, because record `i` is a
    /// pure function of (seed, i): (1) the digests of all records, in parallel index ranges; (2) a
    /// counting sort of the record numbers by partition; (3) per partition, in parallel: the record
    /// numbers ordered by digest, each record built straight into that order and handed to
    /// ``PartitionStore/bulkInsert(_:)`` in one piece. Records are built on the thread that stores
    /// them, and never copied between intermediate arrays.
    func fill(_ store: NamespaceStore, count: Int) {
        guard count > 0 else { return }
        let digests = Self.digests(count: count)
        let partitions = Digest.partitionCount
        // starts[p]..<starts[p + 1] is partition p's slice of `order`; record numbers ascend in a slice.
        var starts = [Int](repeating: 0, count: partitions + 1)
        for d in digests { starts[d.partitionID + 1] += 1 }
        for p in 0..<partitions { starts[p + 1] += starts[p] }
        var order = [Int](repeating: 0, count: count)
        var next = starts
        for (i, d) in digests.enumerated() {
            order[next[d.partitionID]] = i
            next[d.partitionID] += 1
        }
        let slices = starts
        let numbers = order
        DispatchQueue.concurrentPerform(iterations: partitions) { p in
            guard slices[p] < slices[p + 1] else { return }
            let mine = numbers[slices[p]..<slices[p + 1]].map { (digest: digests[$0], index: $0) }
                .sorted { $0.digest < $1.digest }
            store.partitions[p].bulkInsert(mine.map { record($0.index, digest: $0.digest) })
        }
    }

    /// The digests of records `0..<count`, computed in parallel ranges of the index space.
    private static func digests(count: Int) -> [SimDigest] {
        let chunk = 16_384
        let placeholder = SimDigest(ripemd160Words: (0, 0, 0, 0, 0))
        var out = [SimDigest](repeating: placeholder, count: count)
        out.withUnsafeMutableBufferPointer { buffer in
            let base = UncheckedSendable(buffer)
            DispatchQueue.concurrentPerform(iterations: (count + chunk - 1) / chunk) { c in
                for i in (c * chunk)..<min(count, (c + 1) * chunk) { base.value[i] = digest(i) }
            }
        }
        return out
    }
}

/// Carries a buffer into `concurrentPerform` workers that write disjoint index ranges of it.
// @unchecked Sendable: each worker writes only its own index range, and the buffer outlives them all.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
