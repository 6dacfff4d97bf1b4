/// Receives the restore and verify engines' progress; the engines never print, so the CLI alone
/// decides between text, JSON lines and silence.
///
/// `report` is called from worker tasks, possibly concurrently: conformers must be thread-safe and
/// return quickly (render elsewhere, or throttle).
public protocol RestoreProgress: Sendable {
    func report(_ event: RestoreEvent)
}

/// A progress sink that drops every event.
public struct SilentRestoreProgress: RestoreProgress {
    public init() {}
    public func report(_ event: RestoreEvent) {}
}

/// One thing that happened during a restore or verify.
public enum RestoreEvent: Sendable, Equatable {
    /// The plan is known: snapshot, partitions to process and records the snapshot holds for them.
    case started(snapshotID: String, partitions: Int, records: Int)
    /// Secondary indexes / UDF modules were recreated before the records.
    case metadataRestored(indexes: Int, udfs: Int)
    /// One partition is finished; `counts` are that partition's alone.
    case partitionFinished(partition: Int, counts: RestoreCounts)
    /// One partition stopped early; the restore carries on with the others.
    case partitionFailed(PartitionFailure)
    /// One partition was compared by verify; `tally` is that partition's alone.
    case partitionVerified(partition: Int, tally: VerifyTally)
    /// A record could not be written (after retries).
    case recordFailed(RecordFailure)
    /// Something worth telling the user that does not stop the run (e.g. a batch retried).
    case warning(String)
}
