import Foundation
import Testing

/// `restore --delete-extra` through the CLI (SPEC.md §14 "restore"): restoring the snapshot of an empty
/// namespace over a full one empties it, and verify then finds the two identical.
@Suite struct RestoreDeleteExtraCommandTests {
    @Test func anEmptySnapshotRestoredWithDeleteExtraEmptiesTheTarget() async throws {
        let cli = try CLIRunner()
        let sim = try SimProcess(records: 200, namespaces: ["copy", "empty"])
        defer {
            sim.stop()
            cli.cleanUp()
        }
        let host = "127.0.0.1:\(sim.port)"
        #expect(try await cli.initRepository().status == 0)
        for namespace in ["test", "empty"] {
            let backup = try await cli.run(["backup", "--host", host, "--namespace", namespace, "--quiet"])
            #expect(backup.status == 0, "\(backup.stderr)")
        }
        let fill = try await cli.run(["restore", "latest", "--host", host, "--namespace", "test", "--target-namespace", "copy"])
        #expect(fill.status == 0 && fill.stdout.contains("200 restored"), "\(fill.stdout) \(fill.stderr)")

        let rollback = try await cli.run(
            ["restore", "latest", "--host", host, "--namespace", "empty", "--target-namespace", "copy", "--delete-extra"])
        #expect(rollback.status == 0, "\(rollback.stderr)")
        #expect(rollback.stdout.contains("200 deleted (not in the snapshot)"), "\(rollback.stdout)")
        let verify = try await cli.run(["verify", "latest", "--host", host, "--namespace", "empty", "--target-namespace", "copy"])
        #expect(verify.status == 0 && verify.stdout.contains("IDENTICAL"), "\(verify.stdout) \(verify.stderr)")

        let usage = try await cli.run(["restore", "latest", "--namespace", "test", "--delete-extra", "--no-records"])
        #expect(usage.status == 64)
    }

    @Test func fourWorkerSharesRestoreTheWholeSnapshot() async throws {
        let cli = try CLIRunner()
        let sim = try SimProcess(records: 300, namespaces: ["copy"])
        defer {
            sim.stop()
            cli.cleanUp()
        }
        let host = "127.0.0.1:\(sim.port)"
        #expect(try await cli.initRepository().status == 0)
        #expect(try await cli.run(["backup", "--host", host, "--namespace", "test", "--quiet"]).status == 0)
        let id = try #require((CLIRunner.json(try await cli.run(["snapshots", "--json"]).stdout) as? [[String: Any]])?.first?["id"] as? String)

        var restored = 0
        for index in 1...4 {
            let share = try await cli.run(
                ["restore", id, "--host", host, "--namespace", "test", "--target-namespace", "copy", "--worker", "\(index)/4", "--json"])
            #expect(share.status == 0, "\(share.stderr)")
            let summary = try #require(CLIRunner.json(share.stdout) as? [String: Any])
            restored += (summary["counts"] as? [String: Any])?["restored"] as? Int ?? 0
            #expect((summary["partitions_restored"] as? [Int])?.count == 1024)
        }
        #expect(restored == 300)
        let verify = try await cli.run(["verify", id, "--host", host, "--namespace", "test", "--target-namespace", "copy"])
        #expect(verify.status == 0 && verify.stdout.contains("IDENTICAL"), "\(verify.stdout) \(verify.stderr)")

        let latest = try await cli.run(["restore", "latest", "--namespace", "test", "--worker", "1/4", "--dry-run"])
        #expect(latest.status == 64 && latest.stderr.contains("--worker needs the snapshot's id"), "\(latest.stderr)")
        let outOfRange = try await cli.run(["restore", id, "--namespace", "test", "--worker", "5/4", "--dry-run"])
        #expect(outOfRange.status == 64, "\(outOfRange.stderr)")
    }
}
