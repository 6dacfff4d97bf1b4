import ArchiveStore
import Foundation

/// The mutable state of one backup run, shared by its partition workers.
actor BackupRunState {
    private var schedule: BackupSchedule
    private(set) var outcomes: [Int: PartitionOutcome]
    private(set) var failedRecords: Int
    private var checkpointRunning = false

    init(schedule: BackupSchedule, resumed: [PartitionOutcome], failedRecords: Int) {
        self.schedule = schedule
        self.outcomes = Dictionary(resumed.map { ($0.partition, $0) }, uniquingKeysWith: { a, _ in a })
        self.failedRecords = failedRecords
    }

    /// Scan requests this run sent (each covers a group of partitions).
    private(set) var scans = 0

    /// The next group of partitions to back up (one scan), empty when all are handed out.
    func take() -> [Int] { schedule.take() }

    /// Counts one scan request.
    func countScan() { scans += 1 }

    /// Records a finished partition; returns the outcomes to checkpoint if one is due (and no other
    /// checkpoint is being written), else nil.
    func finish(_ outcome: PartitionOutcome, failures: Int, now: Double) -> [PartitionOutcome]? {
        outcomes[outcome.partition] = outcome
        failedRecords += failures
        guard schedule.finish(outcome.partition, now: now) == .checkpoint, !checkpointRunning else { return nil }
        checkpointRunning = true
        return Array(outcomes.values)
    }

    /// Every outcome so far (for a final checkpoint after an error).
    func snapshotForCheckpoint() -> [PartitionOutcome] { Array(outcomes.values) }

    func checkpointDone(now: Double) {
        schedule.checkpointWritten(now: now)
        checkpointRunning = false
    }

    var isComplete: Bool { schedule.isComplete }
}
