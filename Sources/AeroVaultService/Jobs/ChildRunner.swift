import Foundation
import Logging
import ProcessSupport
import Synchronization

/// Runs jobs as `aerovault` child processes (the service's own executable) with `--json`, reading
/// progress and the summary from their output (SPEC.md §19 "Jobs").
public final class ChildRunner: JobRunning {
    let executable: String
    let environment: [String: String]
    let commands: CommandLines
    let logger: Logger
    private let children = Mutex<[Int32: ChildProcess]>([:])
    private let stopping = Mutex(false)

    public init(executable: String, environment: [String: String], config: ServiceConfig, logger: Logger) {
        self.executable = executable
        // The repository password comes from each repository's password file, never from the service's
        // own variables.
        self.environment = environment.filter {
            !["AEROVAULT_PASSWORD", "AEROVAULT_PASSWORD_FILE", "AEROVAULT_PASSWORD_COMMAND", "AEROVAULT_REPOSITORY"]
                .contains($0.key)
        }
        commands = CommandLines(config: config)
        self.logger = logger
    }

    /// Under the children's lock, so a child is either started before (and signalled) or not at all.
    public func interruptAll() {
        children.withLock { running in
            stopping.withLock { $0 = true }
            for child in running.values { child.signal(SIGTERM) }
        }
    }

    public func run(_ job: Job, progress: @escaping @Sendable (Job.Progress) -> Void) async -> JobOutcome {
        switch job.kind {
        case .backup: await backup(job, progress: progress)
        case .restore: await restore(job, progress: progress)
        }
    }

    private func backup(_ job: Job, progress: @escaping @Sendable (Job.Progress) -> Void) async -> JobOutcome {
        guard let name = job.policy, let policy = commands.config.policies[name] else {
            return .failed("the policy of this job is no longer configured")
        }
        let run = await launch(commands.backup(policy, full: job.full ?? false), label: job.id, progress: progress)
        guard case .finished(let stdout) = run else { return run.outcome }
        guard let summary = ChildOutput.lastObject(in: stdout, type: "summary") else {
            return .failed("backup printed no summary")
        }
        let result = JobResult(
            snapshot: summary["snapshot_id"] as? String, records: summary["records"] as? Int,
            bytesAdded: summary["bytes_new"] as? Int, durationSeconds: (summary["duration_seconds"] as? NSNumber)?.doubleValue,
            full: (summary["mode"] as? String) == "full")
        if let keep = policy.keep {
            let forget = await launch(commands.forget(policy, keep: keep), label: job.id, progress: nil)
            if case .outcome(.failed(let message)) = forget {
                return .failed("snapshot \(result.snapshot ?? "?") saved, but retention failed: \(message)")
            }
            guard case .finished = forget else { return forget.outcome }
        }
        return .succeeded(result, sample: await sample(policy.repository, job: job))
    }

    private func restore(_ job: Job, progress: @escaping @Sendable (Job.Progress) -> Void) async -> JobOutcome {
        guard let request = job.restore, let arguments = commands.restore(request) else {
            return .failed("the restore names a cluster or repository that is not configured")
        }
        let run = await launch(arguments, label: job.id, progress: progress)
        guard case .finished(let stdout) = run else { return run.outcome }
        let summary = ChildOutput.lastObject(in: stdout, type: "summary")
        let counts = summary?["counts"] as? [String: Any]
        return .succeeded(
            JobResult(
                snapshot: (summary?["snapshot_id"] as? String) ?? request.snapshot, records: counts?["restored"] as? Int,
                bytesAdded: nil, durationSeconds: (summary?["duration_seconds"] as? NSNumber)?.doubleValue, full: false),
            sample: nil)
    }

    /// The repository's stored size and snapshot count, for the chart and the metrics.
    private func sample(_ repository: String, job: Job) async -> ServiceState.RepositorySample? {
        guard case .finished(let stats) = await launch(commands.stats(repository), label: job.id, progress: nil),
            case .finished(let list) = await launch(commands.snapshots(repository), label: job.id, progress: nil),
            let bytes = ChildOutput.object(in: stats)?["stored_bytes"] as? Int,
            let snapshots = ChildOutput.array(in: list)
        else { return nil }
        return .init(time: Int64(Date().timeIntervalSince1970), bytes: bytes, snapshots: snapshots.count)
    }

    /// `aerovault snapshots --json` of a configured repository (for `GET /v1/snapshots`).
    public func listSnapshots(repository: String) async -> Result<String, ServiceAPI.ListingError> {
        switch await launch(commands.snapshots(repository), label: "snapshots", progress: nil) {
        case .finished(let stdout): .success(stdout)
        case .outcome(.failed(let message)): .failure(.init(message: message))
        case .outcome: .failure(.init(message: "the service is shutting down"))
        }
    }

    /// How one child ended.
    enum Run {
        case finished(stdout: String)
        case outcome(JobOutcome)

        var outcome: JobOutcome {
            if case .outcome(let outcome) = self { return outcome }
            return .failed("unexpected")
        }
    }

    private func launch(_ arguments: [String], label: String, progress: (@Sendable (Job.Progress) -> Void)?) async -> Run {
        let out: TemporaryFile
        let err: TemporaryFile
        let started: ChildProcess?
        do {
            out = try TemporaryFile(prefix: "aerovault-serve-out")
            err = try TemporaryFile(prefix: "aerovault-serve-err")
            started = try children.withLock { running -> ChildProcess? in
                guard !stopping.withLock({ $0 }) else { return nil }
                let child = try ChildProcess.spawn(
                    executable, arguments, environment: environment, stdout: .file(out.path), stderr: .file(err.path))
                running[child.pid] = child
                return child
            }
        } catch {
            return .outcome(.failed("cannot start aerovault: \(error)"))
        }
        defer {
            out.remove()
            err.remove()
        }
        guard let child = started else { return .outcome(.interrupted) }
        logger.info("child started", metadata: ["job": .string(label), "command": .string(arguments[0]), "pid": "\(child.pid)"])
        let watcher = progress.map { report in
            Task {
                while !Task.isCancelled {
                    if let status = ChildOutput.lastObject(in: err.text(), type: "status") { report(ChildOutput.progress(status)) }
                    try? await Task.sleep(for: .milliseconds(500))
                }
            }
        }
        let termination = await child.exit()
        watcher?.cancel()
        children.withLock { $0[child.pid] = nil }
        let stderr = err.text()
        logger.info(
            "child ended", metadata: ["job": .string(label), "command": .string(arguments[0]), "status": "\(termination)"])
        if termination.exitStatus == 0 || termination.exitStatus == 3 { return .finished(stdout: out.text()) }
        if stopping.withLock({ $0 }) { return .outcome(.interrupted) }
        let message = ChildOutput.lastObject(in: stderr, type: "exit_error")?["message"] as? String
            ?? stderr.split(separator: "\n").last.map(String.init) ?? "\(termination)"
        return .outcome(.failed("\(arguments[0]): \(message) (\(termination))"))
    }
}
