import ArchiveStore
import Foundation

/// The mutable state of one backup run, shared by its partition workers.
actor BackupRunState {
    private var schedule: BackupSchedule
    private(set) var outcomes: [Int: PartitionOutcome]
    private(set) var failedRecords: Int
    private var checkpointRunning = false

    /// Records `--max-records` still allows; nil = no cap.
    private var recordBudget: Int?

    init(schedule: BackupSchedule, resumed: [PartitionOutcome], failedRecords: Int, maxRecords: Int? = nil) {
        self.schedule = schedule
        self.recordBudget = maxRecords.map { max(0, $0 - resumed.reduce(0) { $0 + $1.visibleRecords }) }
        self.outcomes = Dictionary(resumed.map { ($0.partition, $0) }, uniquingKeysWith: { a, _ in a })
        self.failedRecords = failedRecords
    }

    /// Scan requests this run sent (each covers a group of partitions).
    private(set) var scans = 0

    /// The next group of partitions to back up (one scan), empty when all are handed out.
    func take() -> [Int] { schedule.take() }

    /// Takes up to `count` records from the `--max-records` budget; returns how many may be stored.
    func takeRecords(_ count: Int) -> Int {
        guard let budget = recordBudget else { return count }
        let granted = min(budget, count)
        recordBudget = budget - granted
        return granted
    }

    /// Records `--max-records` still allows; nil = no cap.
    var remainingRecords: Int? { recordBudget }

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
