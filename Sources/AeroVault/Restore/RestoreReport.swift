/// Counts of what one restore did, per category, merged from every partition worker.
public struct RestoreCounts: Sendable, Equatable, Codable {
    /// Records written (or, in a dry run, that would have been written).
    public var restored: Int = 0
    /// Records left alone because the target already had them (KEY_EXISTS with `--unique`, or a
    /// generation not older than the backup's).
    public var skippedExisting: Int = 0
    /// Records whose expiry had passed (`--ttl keep`).
    public var skippedExpired: Int = 0
    /// Records excluded by `--set` / `--bin-list`.
    public var skippedFiltered: Int = 0
    /// Records the cluster refused or that failed after all retries.
    public var failed: Int = 0
    /// Plaintext bytes of the written bins.
    public var bytes: Int = 0
    /// Records of the target that the snapshot does not hold, deleted by `--delete-extra` (not
    /// counted in ``read``).
    public var deleted: Int = 0

    public init() {}

    /// Records read from the snapshot: every record lands in exactly one category.
    public var read: Int { restored + skippedExisting + skippedExpired + skippedFiltered + failed }

    public static func += (lhs: inout RestoreCounts, rhs: RestoreCounts) {
        lhs.restored += rhs.restored
        lhs.skippedExisting += rhs.skippedExisting
        lhs.skippedExpired += rhs.skippedExpired
        lhs.skippedFiltered += rhs.skippedFiltered
        lhs.failed += rhs.failed
        lhs.deleted += rhs.deleted
        lhs.bytes += rhs.bytes
    }
}

/// Why a partition was not (completely) restored.
public struct PartitionFailure: Sendable, Equatable, Codable {
    /// The partition id (0 ... 4095).
    public var partition: Int
    /// What went wrong, e.g. "chunk 3f2a… in pack 91c0… failed authentication".
    public var message: String
    /// Records of this partition written before the failure.
    public var recordsWritten: Int

    public init(partition: Int, message: String, recordsWritten: Int) {
        self.partition = partition
        self.message = message
        self.recordsWritten = recordsWritten
    }
}

/// One record that could not be written, kept as an example in the summary.
public struct RecordFailure: Sendable, Equatable, Codable {
    /// Digest, 40 lowercase hex characters.
    public var digest: String
    /// The set name ("" for none).
    public var set: String
    /// The result code and its name, e.g. "13 RECORD_TOO_BIG".
    public var reason: String
    /// The cluster's result code, when it answered (nil for a client-side failure).
    public var resultCode: UInt8?

    public init(digest: String, set: String, reason: String, resultCode: UInt8? = nil) {
        self.digest = digest
        self.set = set
        self.reason = reason
        self.resultCode = resultCode
    }

    /// ROLE_VIOLATION (81): the user may not write here. Not a problem of this record but of the
    /// restore as a whole, so it stops the restore and is reported once (SPEC.md §14 "restore").
    public var isRoleViolation: Bool { resultCode == 81 }
}

/// How a restore ended, worst first: partitions missing beats records failed.
public enum RestoreStatus: String, Sendable, Equatable, CaseIterable {
    /// Every requested partition was restored and no record failed.
    case complete
    /// Every partition finished, but some records could not be written.
    case recordsFailed
    /// Some partitions stopped early or were never started.
    case partitionsFailed
}

/// The result of a restore: what was written, skipped and failed, and which partitions completed.
public struct RestoreReport: Sendable, Equatable, Codable {
    /// Id of the restored snapshot.
    public var snapshotID: String
    /// Namespace in the snapshot and the namespace written to.
    public var sourceNamespace: String
    public var targetNamespace: String
    public var dryRun: Bool
    public var counts = RestoreCounts()
    /// Partitions all of whose records were handled (written, skipped or counted as failed records).
    public var partitionsRestored: [Int] = []
    /// Partitions that stopped early (damaged data, cluster error) with the reason.
    public var partitionsFailed: [PartitionFailure] = []
    /// Partitions never started (the restore stopped first).
    public var partitionsNotStarted: [Int] = []
    /// Up to 10 examples of failed records.
    public var recordFailures: [RecordFailure] = []
    /// Secondary indexes and UDF modules recreated before the records.
    public var indexesRestored: Int = 0
    public var udfsRestored: Int = 0
    /// Wall time in seconds.
    public var seconds: Double = 0
    /// Where the time went: reading vs writing, batches in flight (SPEC.md §14 "Pipeline").
    public var pipeline = RestorePipelineStatistics()
    /// How hard the writes had to retry: rows sent again, overload answers, window cuts (SPEC.md §14
    /// "restore", "Retries and overload").
    public var retries = RestoreRetryStatistics()

    public init(snapshotID: String, sourceNamespace: String, targetNamespace: String, dryRun: Bool) {
        self.snapshotID = snapshotID
        self.sourceNamespace = sourceNamespace
        self.targetNamespace = targetNamespace
        self.dryRun = dryRun
    }

    /// True when every requested partition completed and no record failed.
    public var isComplete: Bool { status == .complete }

    /// Written records per second over the whole run.
    public var recordsPerSecond: Double { RecordRate.perSecond(counts.restored, seconds: seconds) }

    /// How the restore ended; the CLI maps it to an exit status (SPEC.md §14 "restore", "Exit status").
    public var status: RestoreStatus {
        if !partitionsFailed.isEmpty || !partitionsNotStarted.isEmpty { return .partitionsFailed }
        return counts.failed > 0 ? .recordsFailed : .complete
    }

    /// Compresses a sorted partition list into ranges for display, e.g. "0-17, 19, 21-4095".
    public static func describe(partitions: [Int]) -> String {
        guard !partitions.isEmpty else { return "none" }
        var parts: [String] = []
        let sorted = partitions.sorted()
        var start = sorted[0]
        var end = start
        for p in sorted.dropFirst() {
            if p == end + 1 {
                end = p
                continue
            }
            parts.append(start == end ? "\(start)" : "\(start)-\(end)")
            start = p
            end = p
        }
        parts.append(start == end ? "\(start)" : "\(start)-\(end)")
        return parts.joined(separator: ", ")
    }
}
