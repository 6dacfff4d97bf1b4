import Foundation

/// The records of one partition of one namespace, kept sorted by ascending digest.
///
/// Scans walk a snapshot of the array backwards, giving the descending digest order the real server
/// uses (SPEC.md §13). Expired records are invisible to every read and are dropped when touched.
/// Thread-safe: every access takes the partition's lock, so partitions never contend with each other.
// @unchecked Sendable: `records` is only touched under `lock` (an NSLock, not a `Mutex`, because
// `mutate` hands callers' generic, possibly non-Sendable results out of the critical section).
final class PartitionStore: @unchecked Sendable {
    /// This partition's id (0..<4096).
    let id: Int
    private let lock = NSLock()
    private var records: [SimRecord] = []

    init(id: Int) {
        self.id = id
    }

    /// Index of the first record whose digest is not less than `digest`.
    private func lowerBound(_ digest: SimDigest) -> Int {
        var lo = 0
        var hi = records.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if records[mid].digest < digest { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The live record with this digest, or nil if absent or expired.
    func get(_ digest: SimDigest, nowVoid: UInt32) -> SimRecord? {
        lock.withLock {
            let i = lowerBound(digest)
            guard i < records.count, records[i].digest == digest else { return nil }
            if records[i].isExpired(atVoidSecond: nowVoid) {
                records.remove(at: i)
                return nil
            }
            return records[i]
        }
    }

    /// Runs `body` on the live record with this digest (nil if absent or expired) under the lock.
    ///
    /// Whatever `body` leaves in its argument is stored: a record inserts or replaces, nil deletes.
    /// If `body` throws, nothing changes.
    func mutate<R>(_ digest: SimDigest, nowVoid: UInt32, _ body: (inout SimRecord?) throws -> R) rethrows -> R {
        try lock.withLock {
            let i = lowerBound(digest)
            let exists = i < records.count && records[i].digest == digest
            var current: SimRecord? = nil
            if exists, !records[i].isExpired(atVoidSecond: nowVoid) { current = records[i] }
            let result = try body(&current)
            switch (exists, current) {
            case (true, .some(let rec)): records[i] = rec
            case (true, .none): records.remove(at: i)
            case (false, .some(let rec)): records.insert(rec, at: i)
            case (false, .none): break
            }
            return result
        }
    }

    /// A consistent copy of the partition's live records in ascending digest order.
    func snapshot(nowVoid: UInt32) -> [SimRecord] {
        let copy = lock.withLock { records }
        return copy.filter { !$0.isExpired(atVoidSecond: nowVoid) }
    }

    /// Number of live records.
    func count(nowVoid: UInt32) -> Int {
        lock.withLock { records.reduce(0) { $0 + ($1.isExpired(atVoidSecond: nowVoid) ? 0 : 1) } }
    }

    /// Inserts many records at once (append, sort, keep the last copy of each digest).
    ///
    /// Used by seeding: O(n log n) instead of one shifting insert per record, and O(n) for records that
    /// are already in strictly ascending digest order going into an empty partition.
    func bulkInsert(_ incoming: [SimRecord]) {
        guard !incoming.isEmpty else { return }
        lock.withLock {
            if records.isEmpty {
                if Self.isStrictlyAscending(incoming) {
                    records = incoming
                    return
                }
                if Set(incoming.map(\.digest)).count == incoming.count {
                    records = incoming.sorted { $0.digest < $1.digest }
                    return
                }
            }
            var merged = records
            merged.append(contentsOf: incoming)
            // Stable sort keeps later writes after earlier ones, so "keep last" below wins.
            let ordered = merged.enumerated().sorted {
                $0.element.digest != $1.element.digest ? $0.element.digest < $1.element.digest : $0.offset < $1.offset
            }
            var out: [SimRecord] = []
            out.reserveCapacity(ordered.count)
            for (_, rec) in ordered {
                if let last = out.last, last.digest == rec.digest { out[out.count - 1] = rec } else { out.append(rec) }
            }
            records = out
        }
    }

    /// Whether the digests ascend with no duplicates (seeding hands over partitions in this order).
    private static func isStrictlyAscending(_ records: [SimRecord]) -> Bool {
        records.indices.dropFirst().allSatisfy { records[$0 - 1].digest < records[$0].digest }
    }

    /// Removes records (optionally only of one set) last updated before `beforeMs`; returns how many.
    @discardableResult
    func truncate(setName: String?, beforeMs: UInt64) -> Int {
        lock.withLock {
            let before = records.count
            records.removeAll { rec in
                (setName == nil || rec.setName == setName) && rec.lastUpdateMs < beforeMs
            }
            return before - records.count
        }
    }
}
