import Logging

/// The jobs of the service (SPEC.md §19 "Jobs"): jobs of one repository run one at a time, in
/// the order they were queued; jobs of different repositories run in parallel. Every change is
/// written to the state file before anyone sees it, so a restart finds queued and interrupted jobs.
public actor JobCenter {
    public private(set) var state: ServiceState
    let config: ServiceConfig
    let store: StateStore?
    let runner: any JobRunning
    let metrics: ServiceMetrics?
    let logger: Logger
    let clock: @Sendable () -> Int64
    private var scheduler: Scheduler
    private var busyRepositories: Set<String> = []
    private var running: [String: Task<Void, Never>] = [:]
    private var stopping = false
    private var nextNumber = 0

    public init(
        config: ServiceConfig, state: ServiceState, store: StateStore?, runner: any JobRunning,
        metrics: ServiceMetrics?, logger: Logger, clock: @escaping @Sendable () -> Int64
    ) {
        self.config = config
        self.store = store
        self.runner = runner
        self.metrics = metrics
        self.logger = logger
        self.clock = clock
        var state = state
        // A job running when the last process ended was interrupted (or the process crashed): run it again.
        for index in state.jobs.indices where state.jobs[index].state == .running {
            state.jobs[index].state = .queued
            state.jobs[index].resumed = (state.jobs[index].resumed ?? 0) + 1
        }
        self.state = state
        nextNumber = state.jobs.count
        scheduler = Scheduler(
            schedules: config.policies.mapValues(\.schedule),
            handledThrough: state.policies.compactMapValues(\.handledThrough), now: clock())
    }

    /// Starts the queued jobs found in the state file.
    public func start() {
        persist()
        pump()
    }

    /// Queues a backup of `policy`; returns the job id.
    public func submitBackup(policy name: String) -> String? {
        guard let policy = config.policies[name] else { return nil }
        var record = state.policies[name] ?? .init()
        record.lastRun = clock()
        state.policies[name] = record
        let full = policy.fullEvery.map { every in record.lastFull.map { clock() - $0 >= every } ?? true }
        return submit(kind: .backup, policy: name, repository: policy.repository, full: full, restore: nil)
    }

    /// Queues a restore; returns the job id.
    public func submitRestore(_ request: Job.RestoreRequest) -> String {
        submit(kind: .restore, policy: nil, repository: request.repository, full: nil, restore: request)
    }

    private func submit(kind: Job.Kind, policy: String?, repository: String, full: Bool?, restore: Job.RestoreRequest?)
        -> String
    {
        nextNumber += 1
        let id = "\(clock())-\(nextNumber)"
        state.jobs.append(
            Job(id: id, kind: kind, policy: policy, repository: repository, state: .queued, createdAt: clock(),
                full: full, restore: restore))
        logger.info("job queued", metadata: ["job": .string(id), "kind": .string(kind.rawValue), "repository": .string(repository)])
        persist()
        pump()
        return id
    }

    public func job(_ id: String) -> Job? { state.jobs.first { $0.id == id } }

    /// Queues a backup of every policy whose schedule is due now (a missed one once); returns their names.
    @discardableResult
    public func runDue() -> [String] {
        let due = scheduler.due(at: clock())
        var changed = false
        for (name, time) in scheduler.handledThrough where state.policies[name]?.handledThrough != time {
            state.policies[name, default: .init()].handledThrough = time
            changed = true
        }
        for name in due { _ = submitBackup(policy: name) }
        if changed, due.isEmpty { persist() }
        return due
    }

    /// Each policy's next scheduled run (Unix seconds).
    public func nextRuns() -> [String: Int64] {
        config.policies.keys.reduce(into: [:]) { result, name in result[name] = scheduler.nextRun(of: name) }
    }

    /// Seconds until the earliest next run (at least 1).
    public func secondsToNextRun() -> Int64 {
        max(1, (scheduler.earliestNextRun ?? clock() + 3600) - clock())
    }

    /// Stops starting jobs, interrupts the running ones and waits for them (graceful shutdown).
    public func shutdown() async {
        stopping = true
        runner.interruptAll()
        while let (_, task) = running.first {
            await task.value
        }
        persist()
    }

    private func pump() {
        guard !stopping else { return }
        for index in state.jobs.indices where state.jobs[index].state == .queued {
            let job = state.jobs[index]
            guard !busyRepositories.contains(job.repository) else { continue }
            busyRepositories.insert(job.repository)
            state.jobs[index].state = .running
            state.jobs[index].startedAt = clock()
            let started = state.jobs[index]
            logger.info("job started", metadata: ["job": .string(job.id), "kind": .string(job.kind.rawValue)])
            running[job.id] = Task { [runner] in
                let outcome = await runner.run(started) { progress in
                    Task { await self.update(job.id) { if $0.state == .running { $0.progress = progress } } }
                }
                self.finish(job.id, outcome)
            }
        }
        persist()
    }

    private func update(_ id: String, _ change: (inout Job) -> Void) {
        guard let index = state.jobs.firstIndex(where: { $0.id == id }) else { return }
        change(&state.jobs[index])
    }

    private func finish(_ id: String, _ outcome: JobOutcome) {
        running[id] = nil
        guard let index = state.jobs.firstIndex(where: { $0.id == id }) else { return }
        busyRepositories.remove(state.jobs[index].repository)
        let now = clock()
        state.jobs[index].progress = nil
        switch outcome {
        case .interrupted:
            state.jobs[index].state = .queued
            state.jobs[index].resumed = (state.jobs[index].resumed ?? 0) + 1
            logger.info("job interrupted; queued again", metadata: ["job": .string(id)])
        case .failed(let message):
            state.jobs[index].state = .failed
            state.jobs[index].error = message
            state.jobs[index].finishedAt = now
            if let policy = state.jobs[index].policy { state.policies[policy, default: .init()].failures += 1 }
            logger.error("job failed", metadata: ["job": .string(id), "error": .string(message)])
        case .succeeded(let result, let sample):
            apply(result, to: index, at: now)
            if let sample { state.record(sample, repository: state.jobs[index].repository) }
            logger.info("job succeeded", metadata: ["job": .string(id), "snapshot": .string(result.snapshot ?? "")])
        }
        state.trimJobs()
        metrics?.update(from: state)
        pump()
    }

    private func apply(_ result: JobResult, to index: Int, at now: Int64) {
        state.jobs[index].state = .succeeded
        state.jobs[index].finishedAt = now
        state.jobs[index].snapshot = result.snapshot
        state.jobs[index].records = result.records
        state.jobs[index].bytesAdded = result.bytesAdded
        state.jobs[index].durationSeconds = result.durationSeconds
        guard let policy = state.jobs[index].policy else { return }
        var record = state.policies[policy, default: .init()]
        record.lastSuccess = now
        record.lastDurationSeconds = result.durationSeconds
        if result.full { record.lastFull = now }
        state.policies[policy] = record
        metrics?.recordBackup(policy: policy, result: result)
    }

    private func persist() {
        metrics?.update(from: state)
        guard let store else { return }
        do { try store.save(state) } catch { logger.error("cannot save the state file", metadata: ["error": "\(error)"]) }
    }
}
