import AerospikeWire

/// Builds the server-side filter expression of a backup's scans (SPEC.md §14 "backup").
enum ScanFilter {
    /// Margin subtracted from the parent's scan start for the changed-record scan, covering clock skew
    /// between this host and the cluster and writes in flight when the parent started.
    static let incrementalMarginNanoseconds: UInt64 = 2_000_000_000

    /// The set name sent in the scan's SET field: only when exactly one set is selected.
    static func setField(_ config: BackupConfiguration) -> String? {
        config.normalizedSets.count == 1 ? config.normalizedSets[0] : nil
    }

    /// The filter for a scan: the user's time/TTL filters and `--filter-exp`, several sets as
    /// `setName == a or …`, and for
    /// the changed-record scan of an incremental backup `lastUpdate >= changedSince`.
    /// - Parameter changedSince: ns since the Unix epoch; nil for full backups and digest scans.
    static func expression(_ config: BackupConfiguration, changedSince: UInt64?) -> FilterExpression? {
        var parts: [FilterExpression] = []
        let sets = config.normalizedSets
        if sets.count > 1 {
            parts.append(.or(sets.map { .eq(.setName, .string($0)) }))
        }
        let after = [config.modifiedAfter, changedSince].compactMap { $0 }.max()
        if let window = FilterExpression.lastUpdate(
            from: after.map { Int64(clamping: $0) }, until: config.modifiedBefore.map { Int64(clamping: $0) })
        {
            parts.append(window)
        }
        if config.noTTLOnly {
            parts.append(.eq(.voidTime, .int(-1)))
        }
        if let user = config.filterExpression { parts.append(user) }
        switch parts.count {
        case 0: return nil
        case 1: return parts[0]
        default: return .and(parts)
        }
    }

    /// `changedSince` for an incremental backup whose parent started scanning at `parentScanStart`.
    static func changedSince(parentScanStart: UInt64) -> UInt64 {
        parentScanStart > incrementalMarginNanoseconds ? parentScanStart - incrementalMarginNanoseconds : 0
    }
}
