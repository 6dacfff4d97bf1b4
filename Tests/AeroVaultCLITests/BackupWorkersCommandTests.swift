@testable import AeroVault
import ArchiveStore
import Foundation
import ProcessSupport
import S3TestSupport
import Testing

/// `aerovault backup --worker I/N --run-id NAME` end to end against a simulator process (SPEC.md §14
/// "backup", "Workers"): four workers at once into one repository, `--finish` after the last worker
/// died, a stale run in `check`, and prune against an unfinished run.
@Suite(.serialized) struct BackupWorkersCommandTests {
    func worker(_ index: Int, run: String, host: String, extra: [String] = []) -> [String] {
        ["backup", "--host", host, "--namespace", "test", "--worker", "\(index)/4", "--run-id", run] + extra
    }

    func snapshots(_ cli: CLIRunner) async throws -> [[String: Any]] {
        (CLIRunner.json(try await cli.run(["snapshots", "--json"]).stdout) as? [[String: Any]]) ?? []
    }

    /// Four workers started at once assemble one snapshot, equal (partition table, counts, metadata)
    /// to a one-process backup of the same data, and it restores identical to the cluster.
    @Test func fourWorkersAtOnceAssembleOneSnapshotThatRestoresIdentical() async throws {
        let cli = try CLIRunner()
        let sim = try SimProcess(records: 2000, namespaces: ["copy"])
        defer {
            sim.stop()
            cli.cleanUp()
        }
        let host = "127.0.0.1:\(sim.port)"
        #expect(try await cli.initRepository().status == 0)
        let running = try (1...4).map { try cli.start(worker($0, run: "nightly", host: host, extra: ["--json"])) }
        var results: [CLIRunner.Result] = []
        for worker in running { results.append(await worker.finish()) }
        var assembledBy: [Int] = []
        var records = 0
        for (number, result) in results.enumerated() {
            #expect(result.status == 0, "worker \(number + 1): \(result.stderr)")
            let summary = try #require(CLIRunner.json(result.stdout) as? [String: Any], "\(result.stdout)")
            #expect(summary["run_id"] as? String == "nightly" && summary["worker"] as? String == "\(number + 1)/4")
            records += summary["records"] as? Int ?? 0
            if summary["assembled"] as? Bool == true { assembledBy.append(number + 1) }
        }
        #expect(records == 2000)
        #expect(assembledBy.count == 1, "\(results.map(\.stdout))")
        let listed = try await snapshots(cli)
        #expect(listed.count == 1 && listed.first?["records"] as? Int == 2000, "\(listed)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.repo + "/parts").isEmpty)

        // The same data backed up by one process: the same partition table, counts and metadata.
        let single = try await cli.run(["backup", "--host", host, "--namespace", "test", "--full", "--quiet"])
        #expect(single.status == 0, "\(single.stderr)")
        let fixture = try await CLIFixture(cli)
        let all = try await fixture.repository.listSnapshots()
        let many = try #require(all.first { $0.snapshot.run == "nightly" }?.snapshot)
        let one = try #require(all.first { $0.snapshot.run == nil }?.snapshot)
        #expect(many.partitionTable == one.partitionTable)
        #expect(many.recordCount == one.recordCount && many.byteCount == one.byteCount)
        #expect(many.metadata["digest-lists"] == one.metadata["digest-lists"])
        #expect(many.metadata["cluster-metadata"] == one.metadata["cluster-metadata"])
        #expect(many.scope?.partitions == one.scope?.partitions && many.scope?.clusterNodes == one.scope?.clusterNodes)

        let id = try #require(all.first { $0.snapshot.run == "nightly" }?.id.hex)
        let restored = try await cli.run(["restore", id, "--host", host, "--namespace", "test", "--target-namespace", "copy"])
        #expect(restored.status == 0 && restored.stdout.contains("2000 restored"), "\(restored.stdout) \(restored.stderr)")
        let verified = try await cli.run(["verify", id, "--host", host, "--namespace", "test", "--target-namespace", "copy"])
        #expect(verified.status == 0 && verified.stdout.contains("IDENTICAL"), "\(verified.stdout) \(verified.stderr)")
        let check = try await cli.run(["check"])
        #expect(check.status == 0, "\(check.stdout) \(check.stderr)")
    }

    /// The same into an S3 repository on moto: four workers at once, one assembles (the claim is a
    /// conditional PUT), and the snapshot restores identical.
    @Test func fourWorkersAtOnceIntoS3() async throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        let cli = try CLIRunner()
        let sim = try SimProcess(records: 1000, namespaces: ["copy"])
        defer {
            sim.stop()
            cli.cleanUp()
        }
        let env = cli.environment(["AEROVAULT_REPOSITORY": "s3:\(moto.endpoint)/workers-bucket/vault"])
            .merging(MotoServer.credentials) { $1 }
        let host = "127.0.0.1:\(sim.port)"
        let initialized = try await cli.run(["init", "--kdf-memory-mib", "1", "--kdf-ops", "1", "--pack-size-kib", "128"], env: env)
        #expect(initialized.status == 0, "\(initialized.stderr)")
        let running = try (1...4).map { try cli.start(worker($0, run: "s3-run", host: host, extra: ["--json"]), env: env) }
        var results: [CLIRunner.Result] = []
        for worker in running { results.append(await worker.finish()) }
        for result in results { #expect(result.status == 0, "\(result.stderr)") }
        let assembled = results.compactMap { CLIRunner.json($0.stdout) as? [String: Any] }.filter { $0["assembled"] as? Bool == true }
        #expect(assembled.count == 1, "\(results.map(\.stdout))")
        let id = try #require(assembled.first?["snapshot_id"] as? String)
        let restored = try await cli.run(["restore", id, "--host", host, "--namespace", "test", "--target-namespace", "copy"], env: env)
        #expect(restored.status == 0 && restored.stdout.contains("1000 restored"), "\(restored.stdout) \(restored.stderr)")
        let verified = try await cli.run(["verify", id, "--host", host, "--namespace", "test", "--target-namespace", "copy"], env: env)
        #expect(verified.status == 0 && verified.stdout.contains("IDENTICAL"), "\(verified.stdout)")
        let check = try await cli.run(["check"], env: env)
        #expect(check.status == 0, "\(check.stdout) \(check.stderr)")
    }

    /// The last worker saves its part and dies before assembling (`--no-assemble` leaves exactly that
    /// state): `--finish` names missing parts while some are, then assembles; a second `--finish` and a
    /// rerun worker find the snapshot. A worker with other arguments than the saved parts is refused.
    @Test func finishAssemblesAfterTheLastWorkerDied() async throws {
        let cli = try CLIRunner()
        let sim = try SimProcess(records: 400, namespaces: [])
        defer {
            sim.stop()
            cli.cleanUp()
        }
        let host = "127.0.0.1:\(sim.port)"
        #expect(try await cli.initRepository().status == 0)
        // The form: the run's parts say which namespace it backs up.
        let finish = ["backup", "--run-id", "r7", "--finish"]
        for index in 1...3 {
            let result = try await cli.run(worker(index, run: "r7", host: host))
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("part \(index)/4 of run r7 saved"), "\(result.stdout)")
        }
        let early = try await cli.run(finish)
        #expect(early.status == 1 && early.stderr.contains("run r7 is missing parts 4 of 4"), "\(early.stderr)")
        let mismatched = try await cli.run(worker(4, run: "r7", host: host, extra: ["--set", "other"]))
        #expect(mismatched.status == 1 && mismatched.stderr.contains("sets other"), "\(mismatched.stderr)")
        let last = try await cli.run(worker(4, run: "r7", host: host, extra: ["--no-assemble"]))
        #expect(last.status == 0 && !last.stdout.contains("assembled"), "\(last.stdout) \(last.stderr)")
        #expect(try await snapshots(cli).isEmpty)

        let finished = try await cli.run(finish + ["--json"])
        #expect(finished.status == 0, "\(finished.stderr)")
        let object = try #require(CLIRunner.json(finished.stdout) as? [String: Any])
        #expect(object["message_type"] as? String == "assembled" && object["parts"] as? Int == 4)
        #expect(try await snapshots(cli).first?["records"] as? Int == 400)
        let elsewhere = try await cli.run(["backup", "--namespace", "bar", "--run-id", "r7", "--finish"])
        #expect(elsewhere.status == 0 && elsewhere.stdout.contains("already assembled"), "\(elsewhere.stdout)")
        let noNamespace = try await cli.run(["backup", "--host", host, "--run-id", "r8", "--worker", "1/4"])
        #expect(noNamespace.status == 64 && noNamespace.stderr.contains("--namespace"), "\(noNamespace.stderr)")
        let again = try await cli.run(finish)
        #expect(again.status == 0 && again.stdout.contains("already assembled"), "\(again.stdout)")
        let rerun = try await cli.run(worker(2, run: "r7", host: host))
        #expect(rerun.status == 0 && rerun.stdout.contains("already assembled"), "\(rerun.stdout)")
        let usage = try await cli.run(["backup", "--host", host, "--namespace", "test", "--worker", "1/4"])
        #expect(usage.status == 64 && usage.stderr.contains("--run-id"), "\(usage.stderr)")
    }

    /// A run whose parts are older than the lock staleness age and never assembled is a `check`
    /// warning naming the run (exit 0); `prune` keeps its parts' data, refuses while a worker holds
    /// its lock, and the run then assembles whole.
    @Test func staleRunIsReportedAndPruneKeepsItsParts() async throws {
        let cli = try CLIRunner()
        let sim = try SimProcess(records: 800, namespaces: ["copy"])
        defer {
            sim.stop()
            cli.cleanUp()
        }
        let host = "127.0.0.1:\(sim.port)"
        #expect(try await cli.initRepository().status == 0)
        for index in 1...2 { #expect(try await cli.run(worker(index, run: "old", host: host)).status == 0) }
        let fresh = try await cli.run(["check"])
        #expect(fresh.status == 0 && !fresh.stderr.contains("unfinished"), "\(fresh.stderr)")
        try await age(partsOf: "old", by: 3600, in: cli)
        let stale = try await cli.run(["check"])
        #expect(stale.status == 0, "\(stale.stderr)")
        #expect(stale.stderr.contains("warning: run old is unfinished: parts 1, 2 of 4 saved"), "\(stale.stderr)")
        #expect(stale.stderr.contains("rerun workers 3, 4"), "\(stale.stderr)")

        let pruned = try await cli.run(["prune", "--max-unused", "0%"])
        #expect(pruned.status == 0, "\(pruned.stderr)")
        // A slow worker (one record per 100 ms) holds its shared lock: prune (exclusive) is refused.
        let slow = try cli.start(
            worker(3, run: "old", host: host, extra: ["--records-per-second", "1", "--parallel", "1", "--checkpoint-interval", "0.2"]))
        @Sendable func files(_ dir: String) -> Int { ((try? FileManager.default.contentsOfDirectory(atPath: cli.repo + "/" + dir)) ?? []).count }
        #expect(await slow.waitWhileRunning(until: { files("locks") > 0 }))
        let refused = try await cli.run(["prune"])
        #expect(refused.status == 11, "\(refused.stderr)")
        // Killed after a checkpoint: the rerun resumes its own range.
        #expect(await slow.waitWhileRunning(until: { files("checkpoints") > 0 }))
        _ = slow.child.signal(SIGKILL)
        #expect(await slow.finish().termination == .signalled(SIGKILL))
        let resumed = try await cli.run(worker(3, run: "old", host: host, extra: ["--json"]))
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let summary = try #require(CLIRunner.json(resumed.stdout) as? [String: Any], "\(resumed.stdout)")
        #expect((summary["partitions_resumed"] as? Int ?? 0) > 0, "\(summary)")
        #expect(files("checkpoints") == 0)
        let last = try await cli.run(worker(4, run: "old", host: host))
        #expect(last.status == 0 && last.stdout.contains("assembled from 4 parts"), "\(last.stdout) \(last.stderr)")
        let id = try #require(try await snapshots(cli).first?["id"] as? String)
        let restored = try await cli.run(["restore", id, "--host", host, "--namespace", "test", "--target-namespace", "copy"])
        #expect(restored.status == 0 && restored.stdout.contains("800 restored"), "\(restored.stdout) \(restored.stderr)")
        let verified = try await cli.run(["verify", id, "--host", host, "--namespace", "test", "--target-namespace", "copy"])
        #expect(verified.status == 0 && verified.stdout.contains("IDENTICAL"), "\(verified.stdout)")
        let check = try await cli.run(["check", "--read-data"])
        #expect(check.status == 0 && !check.stderr.contains("unfinished"), "\(check.stdout) \(check.stderr)")
    }

    /// Rewrites the run's parts with start times `seconds` earlier (as if saved that long ago).
    func age(partsOf run: String, by seconds: Double, in cli: CLIRunner) async throws {
        let repository = try await CLIFixture(cli).repository
        for entry in try await RunParts.load(run, from: repository).all {
            var part = entry.part
            part.time -= UInt64(seconds * 1e9)
            _ = try await repository.saveRunPart(body: try part.encode())
            try await repository.removeRunFile(.runPart, name: entry.name)
        }
    }
}
