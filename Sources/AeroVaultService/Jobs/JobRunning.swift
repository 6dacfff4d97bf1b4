/// How a job ended, as the runner reports it to ``JobCenter``.
public enum JobOutcome: Sendable, Equatable {
    /// Done; the repository's size and snapshot count afterwards, when they could be read.
    case succeeded(JobResult, sample: ServiceState.RepositorySample?)
    case failed(String)
    /// Stopped by a shutdown: queued again, the next start resumes it.
    case interrupted
}

/// What a finished job produced.
public struct JobResult: Sendable, Equatable {
    public var snapshot: String?
    public var records: Int?
    public var bytesAdded: Int?
    public var durationSeconds: Double?
    public var full: Bool

    public init(snapshot: String?, records: Int?, bytesAdded: Int?, durationSeconds: Double?, full: Bool) {
        self.snapshot = snapshot
        self.records = records
        self.bytesAdded = bytesAdded
        self.durationSeconds = durationSeconds
        self.full = full
    }
}

/// Runs one job to its end; ``interruptAll()`` asks every running job to stop (SIGTERM to its child).
public protocol JobRunning: Sendable {
    func run(_ job: Job, progress: @escaping @Sendable (Job.Progress) -> Void) async -> JobOutcome
    func interruptAll()
}
