import Foundation

/// Deterministic seeding through the Swift API (SPEC.md §13 "Seeding").
extension SimCluster {
    /// Fills a namespace with records `0..<records` of the deterministic mix for `seed`.
    ///
    /// The same (records, seed) always yields the same keys, digests, bins, sets and generations;
    /// last-update and void times are relative to the cluster clock. Existing records with the same
    /// digests are replaced.
    /// - Returns: how long generation and loading took, in seconds.
    /// - Throws: ``SimError`` `.unknownNamespace`, `.invalidConfig` for a negative count.
    @discardableResult
    public func seed(namespace: String, records: Int, seed: UInt64) throws -> Double {
        let store = try store(namespace)
        guard records >= 0 else { throw SimError(.invalidConfig, "record count must be ≥ 0, got \(records)") }
        let started = Date()
        Seeder(seed: seed, nowMs: clock.nowMs).fill(store, count: records)
        return Date().timeIntervalSince(started)
    }

    /// The record number `index` of the deterministic seed mix (without storing it), for tests that
    /// want to know what `seed(namespace:records:seed:)` wrote. Times are relative to the clock now.
    public func seedRecord(index: Int, seed: UInt64) -> SimRecord {
        Seeder(seed: seed, nowMs: clock.nowMs).record(index)
    }
}
