import AeroVault
import AeroVaultTestSupport
import AerospikeSim
import ArchiveStore
import ArchiveStoreTestSupport
import Foundation
import ProcessSupport
import Testing

/// Runs the real `aerovault backup` executable against an embedded cluster.
@Suite(.serialized) struct BackupProcessTests {
    /// `aerovault` beside this test bundle (``BuiltProduct``), built by `swift build --build-tests`.
    static func executable() throws -> URL {
        let path = BuiltProduct.path("aerovault")
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw AeroVaultError(.io, "aerovault executable not found at \(path); run swift build first")
        }
        return URL(fileURLWithPath: path)
    }

    static func backupArguments(_ cluster: TestCluster, repo: URL, password: URL) -> [String] {
        ["backup", "--repo", repo.path, "--password-file", password.path, "--namespace", cluster.namespace, "--json",
         "--parallel", "4", "--checkpoint-interval", "0.2"] + cluster.hosts.flatMap { ["--host", $0] }
    }

    /// Runs to completion; returns (exit status, stdout, stderr).
    static func run(_ arguments: [String]) async throws -> (Int32, String, String) {
        let run = try await ChildProcess.runToEnd(try executable().path, arguments, environment: ProcessInfo.processInfo.environment)
        return (run.termination.shellStatus, run.stdout, run.stderr)
    }

    static func summaryObject(_ stdout: String) throws -> [String: Any] {
        for line in stdout.split(separator: "\n") {
            if let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                object["message_type"] as? String == "summary"
            {
                return object
            }
        }
        throw AeroVaultError(.corrupted, "no summary line in: \(stdout)")
    }

    @Test func sigkilledBackupResumesFromCheckpoint() async throws {
        let cluster = try await TestCluster.start(records: 3000)
        defer { Task { await cluster.stop() } }
        let (_, repo) = try await TestRepository.makeLocal()
        let password = try TestRepository.passwordFile(in: try TestRepository.temporaryDirectory())
        let arguments = Self.backupArguments(cluster, repo: repo, password: password)
        // 40 records a second over 4 workers: each group scan (64 partitions, ≈ 47 records) is sent at
        // 10 records a second, so the 66 group scans (4 at a time) take ~80 s
        // on any machine: the kill below always lands mid-backup. The rerun is not throttled (the
        // rate is not part of the checkpoint's fingerprint).
        let backup = try ChildProcess.spawn(
            try Self.executable().path, arguments + ["--records-per-second", "40"], environment: ProcessInfo.processInfo.environment, stdout: .null,
            stderr: .null)
        defer { if backup.signal(SIGKILL) { _ = backup.wait() } }  // only if a failed check left it running
        // Wait for a checkpoint, then for a later one (more partitions done since: the checkpoint is
        // replaced, sealed afresh, by each save), then SIGKILL.
        let checkpoints = repo.appendingPathComponent("checkpoints")
        func checkpoint() -> Data? {
            guard let name = (try? FileManager.default.contentsOfDirectory(atPath: checkpoints.path))?.first else { return nil }
            return try? Data(contentsOf: checkpoints.appendingPathComponent(name))
        }
        #expect(try await waitUntil { checkpoint() != nil }, "no checkpoint appeared within 60 s")
        let first = checkpoint()
        #expect(try await waitUntil { checkpoint().map { $0 != first } ?? false }, "the checkpoint was not replaced within 60 s")
        #expect(backup.isRunning, "the backup finished before it could be killed")
        backup.signal(SIGKILL)
        #expect(await backup.exit() == .signalled(SIGKILL))
        #expect((try? FileManager.default.contentsOfDirectory(atPath: repo.appendingPathComponent("snapshots").path))?.isEmpty ?? true)

        let (status, stdout, stderr) = try await Self.run(arguments)
        #expect(status == 0, "stderr: \(stderr)")
        let summary = try Self.summaryObject(stdout)
        let resumed = try #require(summary["partitions_resumed"] as? Int)
        let scans = try #require(summary["scans"] as? Int)
        print("SIGKILL resume: \(resumed) partitions resumed, \(scans) scans")
        #expect(resumed > 0)
        // Groups of up to 64 of one node's partitions (≈ 1365 each → 22 groups per node); the rerun
        // scans only the groups with partitions left.
        #expect(scans >= (4096 - resumed + 63) / 64 && scans < 3 * 22)
        #expect(summary["snapshot_records"] as? Int == 3000)

        let repository = try await TestRepository.reopen(repo)
        let idText = try #require(summary["snapshot_id"] as? String)
        let id = try #require(ID32(hex: idText))
        let contents = try await SnapshotContents.records(of: id, in: repository)
        #expect(SnapshotContents.differences(snapshot: contents, cluster: try cluster.recordsByDigest()) == [])
    }

    @Test func commandErrorsExitNonZeroWithoutSnapshot() async throws {
        let cluster = try await TestCluster.start(records: 10)
        defer { Task { await cluster.stop() } }
        let (_, repo) = try await TestRepository.makeLocal()
        let password = try TestRepository.passwordFile(in: try TestRepository.temporaryDirectory())
        var arguments = Self.backupArguments(cluster, repo: repo, password: password)
        let namespaceIndex = try #require(arguments.firstIndex(of: "--namespace"))
        arguments[namespaceIndex + 1] = "missing"
        let (status, _, stderr) = try await Self.run(arguments)
        #expect(status == 1)
        #expect(stderr.contains("namespace 'missing' does not exist"))

        let unreachable = ["backup", "--repo", repo.path, "--password-file", password.path, "--namespace", "test",
                           "--host", "127.0.0.1:1"]
        let (status2, _, stderr2) = try await Self.run(unreachable)
        #expect(status2 == 1)
        #expect(stderr2.contains("cannot reach the cluster"))
        #expect((try? FileManager.default.contentsOfDirectory(atPath: repo.appendingPathComponent("snapshots").path))?.isEmpty ?? true)

        let estimate = try await Self.run(Self.backupArguments(cluster, repo: repo, password: password) + ["--estimate"])
        #expect(estimate.0 == 0, "stderr: \(estimate.2)")
        #expect(estimate.1.contains("\"message_type\":\"estimate\""))
    }
}
