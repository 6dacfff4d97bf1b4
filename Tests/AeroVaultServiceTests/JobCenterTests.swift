import Logging
import Synchronization
import Testing

@testable import AeroVaultService

/// The job queue (SPEC.md §19 "Jobs"): one job at a time per repository, repositories in
/// parallel, interrupted jobs queued again. A fake runner holds each job until the test releases it.
@Suite struct JobCenterTests {
    /// Records which jobs run and lets the test finish them one by one.
    final class GateRunner: JobRunning {
        let started = Mutex<[String]>([])
        let gates = Mutex<[String: CheckedContinuation<JobOutcome, Never>]>([:])
        let interrupted = Mutex(false)

        func run(_ job: Job, progress: @escaping @Sendable (Job.Progress) -> Void) async -> JobOutcome {
            progress(.init(done: 1, total: 2, records: 10, bytes: 100))
            return await withCheckedContinuation { continuation in
                gates.withLock { $0[job.id] = continuation }
                started.withLock { $0.append(job.id) }
            }
        }

        func interruptAll() {
            interrupted.withLock { $0 = true }
            let waiting = gates.withLock { gates in
                defer { gates = [:] }
                return Array(gates.values)
            }
            for gate in waiting { gate.resume(returning: JobOutcome.interrupted) }
        }

        func finish(_ id: String, _ outcome: JobOutcome) {
            gates.withLock { $0.removeValue(forKey: id) }?.resume(returning: outcome)
        }

        var running: [String] { gates.withLock { Array($0.keys).sorted() } }
    }

    static let config = try! ConfigParser.parse(
        """
        repositories: {a: {url: /a, password-file: /p}, b: {url: /b, password-file: /p}}
        clusters: {c: {hosts: [h]}}
        policies:
          a1: {cluster: c, namespace: n, repository: a, schedule: "0 2 * * *", full-every: 1d}
          a2: {cluster: c, namespace: n, repository: a, schedule: "0 2 * * *"}
          b1: {cluster: c, namespace: n, repository: b, schedule: "0 2 * * *"}
        """, file: "test.yaml")

    /// Waits (bounded) until `condition` holds, yielding to the jobs' tasks.
    func eventually(_ condition: () async -> Bool) async -> Bool {
        for _ in 0..<2000 {
            if await condition() { return true }
            await Task.yield()
            try? await Task.sleep(for: .milliseconds(1))
        }
        return await condition()
    }

    func makeCenter(_ runner: GateRunner, state: ServiceState = ServiceState(), now: Int64 = 1_000_000) -> JobCenter {
        JobCenter(
            config: Self.config, state: state, store: nil, runner: runner, metrics: nil, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
            clock: { now })
    }

    private static let done = JobOutcome.succeeded(
        JobResult(snapshot: "abcd", records: 5, bytesAdded: 7, durationSeconds: 1, full: true), sample: nil)

    @Test func oneJobPerRepositoryRepositoriesInParallel() async throws {
        let runner = GateRunner()
        let center = makeCenter(runner)
        await center.start()
        let a1 = try #require(await center.submitBackup(policy: "a1"))
        let a2 = try #require(await center.submitBackup(policy: "a2"))
        let b1 = try #require(await center.submitBackup(policy: "b1"))
        #expect(await center.submitBackup(policy: "none") == nil)
        #expect(await eventually { runner.running == [a1, b1].sorted() })
        #expect(await center.job(a2)?.state == .queued)
        #expect(await center.job(a1)?.full == true, "full-every with no full backup yet")
        #expect(await eventually { await center.job(a1)?.progress?.records == 10 })
        runner.finish(a1, Self.done)
        #expect(await eventually { runner.running == [a2, b1].sorted() })
        let finished = try #require(await center.job(a1))
        #expect(finished.state == .succeeded)
        #expect(finished.snapshot == "abcd")
        #expect(await center.state.policies["a1"]?.lastFull == 1_000_000)
        let next = try #require(await center.submitBackup(policy: "a1"))
        #expect(await center.job(next)?.full == false, "the last full backup is newer than full-every")
        #expect(await center.job(a2)?.full == nil, "no full-every: the backup command decides")
        runner.finish(a2, .failed("boom"))
        runner.finish(b1, Self.done)
        #expect(await eventually { runner.running == [next] })
        runner.finish(next, Self.done)
        #expect(await eventually { await center.job(next)?.state == .succeeded })
        #expect(await center.job(a2)?.error == "boom")
        #expect(await center.state.policies["a2"]?.failures == 1)
        #expect(Array(runner.started.withLock { $0 }.suffix(2)) == [a2, next], "one repository's jobs in queue order")
    }

    @Test func shutdownInterruptsAndARestartRunsTheJobAgain() async throws {
        let runner = GateRunner()
        let first = makeCenter(runner)
        await first.start()
        let a1 = try #require(await first.submitBackup(policy: "a1"))
        let a2 = try #require(await first.submitBackup(policy: "a2"))
        #expect(await eventually { runner.running == [a1] })
        await first.shutdown()
        #expect(runner.interrupted.withLock { $0 })
        let saved = await first.state
        #expect(saved.jobs.map(\.state) == [.queued, .queued])
        #expect(saved.jobs.first?.resumed == 1)

        let again = GateRunner()
        let second = makeCenter(again, state: saved)
        await second.start()
        #expect(await eventually { again.running == [a1] }, "the interrupted job runs first, again")
        again.finish(a1, Self.done)
        #expect(await eventually { again.running == [a2] })
        again.finish(a2, Self.done)
        #expect(await eventually { await second.job(a2)?.state == .succeeded })
    }

    @Test func aMissedScheduleQueuesOneBackupAtStart() async throws {
        var state = ServiceState()
        let now = CronScheduleTests.at(2026, 12, 8, 3)
        for name in ["a1", "a2", "b1"] { state.policies[name] = .init(handledThrough: now - 86_400 * 2) }
        state.policies["b1"]?.handledThrough = now - 60
        let runner = GateRunner()
        let center = makeCenter(runner, state: state, now: now)
        await center.start()
        #expect(await center.runDue() == ["a1", "a2"])
        #expect(await center.runDue().isEmpty)
        #expect(await center.state.jobs.compactMap(\.policy) == ["a1", "a2"])
        #expect(await center.nextRuns()["b1"] == CronScheduleTests.at(2026, 12, 9, 2))
        await center.shutdown()
    }
}
