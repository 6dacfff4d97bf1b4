/// How a verify ended, worst first: partitions not compared beats differences.
public enum VerifyStatus: String, Sendable, Equatable, CaseIterable {
    /// Every partition compared, no difference.
    case identical
    /// Every partition compared, and some records differ.
    case different
    /// Some partitions could not be compared (damaged snapshot data, cluster error).
    case partitionsFailed
}

/// The result of verifying a snapshot against a cluster.
public struct VerifyReport: Sendable, Equatable, Codable {
    public var snapshotID: String
    /// Namespace in the snapshot and the namespace scanned in the cluster.
    public var snapshotNamespace: String
    public var clusterNamespace: String
    public var tally = VerifyTally()
    /// Partitions compared completely.
    public var partitionsVerified: [Int] = []
    /// Partitions that could not be compared (damaged snapshot data, cluster error), with the reason.
    public var partitionsFailed: [PartitionFailure] = []
    /// Records in the snapshot excluded by the set filter.
    public var filtered = 0
    /// Wall time in seconds.
    public var seconds: Double = 0

    public init(snapshotID: String, snapshotNamespace: String, clusterNamespace: String) {
        self.snapshotID = snapshotID
        self.snapshotNamespace = snapshotNamespace
        self.clusterNamespace = clusterNamespace
    }

    /// True only when every partition was compared and no difference was found.
    public var isIdentical: Bool { status == .identical }

    /// One line: "identical: 19 900, missing: 0, extra: 100, changed: 100, partitions failed: 0".
    public var countsLine: String {
        "identical: \(tally.identical), missing: \(tally.missing), extra: \(tally.extra), changed: \(tally.changed), "
            + "partitions failed: \(partitionsFailed.count)"
    }

    /// How the comparison ended; the CLI maps it to an exit status (SPEC.md §14 "verify").
    public var status: VerifyStatus {
        if !partitionsFailed.isEmpty { return .partitionsFailed }
        return tally.isIdentical ? .identical : .different
    }
}
