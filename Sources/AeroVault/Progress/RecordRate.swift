/// Records per second over a run: the one formula behind ``BackupSummary/recordsPerSecond`` and
/// ``RestoreReport/recordsPerSecond`` (and so behind every "records/s" the CLI prints).
public enum RecordRate {
    /// `records / seconds`, or 0 for a run that took no measurable time.
    public static func perSecond(_ records: Int, seconds: Double) -> Double {
        seconds > 0 ? Double(records) / seconds : 0
    }
}
