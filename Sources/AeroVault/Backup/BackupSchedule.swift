/// Hands groups of partitions to workers and decides when to checkpoint. A pure state machine, so it is
/// unit-tested without I/O: the engine's async driver asks it what to do and reports what happened;
/// time is passed in.
///
/// A checkpoint is due when at least one partition finished since the last one and either
/// `checkpointInterval` seconds passed or `checkpointEveryPartitions` partitions finished.
struct BackupSchedule {
    enum Action: Equatable {
        case none
        case checkpoint
    }

    private var pending: [[Int]]
    private var nextIndex = 0
    private var handedOut = 0
    private let total: Int
    private(set) var inFlight: Set<Int> = []
    private(set) var finished: Set<Int>
    private let checkpointInterval: Double
    private let checkpointEveryPartitions: Int
    private var lastCheckpoint: Double
    private var finishedSinceCheckpoint = 0

    /// - Parameters:
    ///   - groups: the selected partitions in scan groups (one scan each), in the order to scan them.
    ///   - alreadyFinished: partitions a checkpoint says are done; they are never handed out (a group
    ///     keeps its other partitions).
    init(
        groups: [[Int]], alreadyFinished: Set<Int>, checkpointInterval: Double, checkpointEveryPartitions: Int,
        now: Double
    ) {
        self.pending = groups.map { $0.filter { !alreadyFinished.contains($0) } }.filter { !$0.isEmpty }
        self.total = pending.reduce(0) { $0 + $1.count }
        self.finished = alreadyFinished.intersection(groups.joined())
        self.checkpointInterval = checkpointInterval
        self.checkpointEveryPartitions = max(1, checkpointEveryPartitions)
        self.lastCheckpoint = now
    }

    /// Partitions still to scan (not yet handed out).
    var remaining: Int { total - handedOut }
    /// True when every partition finished.
    var isComplete: Bool { remaining == 0 && inFlight.isEmpty }

    /// The next group to scan, empty when all have been handed out.
    mutating func take() -> [Int] {
        guard nextIndex < pending.count else { return [] }
        let group = pending[nextIndex]
        nextIndex += 1
        handedOut += group.count
        inFlight.formUnion(group)
        return group
    }

    /// Records that `partition` finished; says whether a checkpoint is due now.
    mutating func finish(_ partition: Int, now: Double) -> Action {
        guard inFlight.remove(partition) != nil else { return .none }
        finished.insert(partition)
        finishedSinceCheckpoint += 1
        if finishedSinceCheckpoint >= checkpointEveryPartitions || now - lastCheckpoint >= checkpointInterval {
            return .checkpoint
        }
        return .none
    }

    /// Records that a checkpoint covering every finished partition was written.
    mutating func checkpointWritten(now: Double) {
        lastCheckpoint = now
        finishedSinceCheckpoint = 0
    }
}
