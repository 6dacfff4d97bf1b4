import ArchiveStore
import Foundation
import Testing

/// Issue 14 end to end: `snapshots` shows scopes, `restore latest` says what it chose and skips partial
/// snapshots (case 1), and a snapshot deleted behind aerovault's back is noticed (case 5).
@Suite struct SnapshotTrustCommandTests {
    @Test func restoreLatestNamesTheWholeSnapshotItChoseAndSnapshotsShowsScopes() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try await cli.initRepository().status == 0)
        let fixture = try await CLIFixture(cli)
        let whole = try await fixture.save(
            (0..<40).map { CLIFixture.record($0) }, parent: nil, time: CLIFixture.day(1),
            scope: SnapshotScopeFields(partitions: "0-4095", noTTLOnly: false))
        let part = try await fixture.save(
            [CLIFixture.record(1, version: 2)], parent: nil, time: CLIFixture.day(2),
            scope: SnapshotScopeFields(partitions: "0-99"))
        let noTTL = try await fixture.save(
            [CLIFixture.record(2, version: 3)], parent: nil, time: CLIFixture.day(3),
            scope: SnapshotScopeFields(partitions: "0-4095", noTTLOnly: true))

        let table = try await cli.run(["snapshots"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("Scope"))
        #expect(table.stdout.contains("test partitions=0-99"))
        #expect(table.stdout.contains("test no-ttl-only"))
        let listed = try #require(CLIRunner.json(try await cli.run(["snapshots", "--json"]).stdout) as? [[String: Any]])
        #expect(listed.map { $0["whole"] as? Bool } == [true, false, false])

        let restore = try await cli.run(["restore", "latest", "--namespace", "test", "--dry-run"])
        #expect(restore.status == 0, "\(restore.stderr)")
        #expect(restore.stderr.contains("using snapshot \(whole.id.short)"))
        #expect(restore.stderr.contains("scope test (whole namespace)"))
        #expect(!restore.stderr.contains(part.id.short) && !restore.stderr.contains(noTTL.id.short))

        let byID = try await cli.run(["restore", noTTL.id.short, "--namespace", "test", "--dry-run"])
        #expect(byID.status == 0, "\(byID.stderr)")
        #expect(byID.stderr.contains("scope test no-ttl-only (partial)"))
    }

    @Test func aSnapshotDeletedWithoutForgetFailsCheckAndWarnsRestoreLatest() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try await cli.initRepository().status == 0)
        let fixture = try await CLIFixture(cli)
        typealias M = CLIFixture
        let first = try await fixture.save((0..<20).map { M.record($0) }, parent: nil, time: M.day(1))
        let second = try await fixture.save([M.record(3, version: 1)], parent: first, time: M.day(2))
        let third = try await fixture.save([M.record(4, version: 1)], parent: second, time: M.day(3))
        #expect(try await cli.run(["snapshots"]).status == 0)  // this host has now seen all three
        #expect(try await cli.run(["check"]).status == 0)

        // forget is not a deletion behind our back.
        #expect(try await cli.run(["forget", first.id.short]).status == 0)
        #expect(try await cli.run(["check"]).status == 0)

        // The storage drops the newest snapshot file.
        try FileManager.default.removeItem(atPath: cli.repo + "/snapshots/" + third.id.hex)
        let check = try await cli.run(["check", "--read-data"])
        #expect(check.status == 1)
        #expect(check.stderr.contains("snapshots/\(third.id.hex) is missing"))
        let restore = try await cli.run(["restore", "latest", "--namespace", "test", "--dry-run"])
        #expect(restore.status == 0, "\(restore.stderr)")
        #expect(restore.stderr.contains("warning: snapshot \(third.id.short) seen earlier by this host is missing"))
        #expect(restore.stderr.contains("using snapshot \(second.id.short)"))

        // Still failing until accepted (e.g. it was forgotten on another host), then clean.
        #expect(try await cli.run(["check"]).status == 1)
        let accept = try await cli.run(["check", "--accept-missing"])
        #expect(accept.status == 0, "\(accept.stderr)")
        #expect(accept.stderr.contains("accepted"))
        #expect(try await cli.run(["check"]).status == 0)
        let recordPath = cli.scratch + "/cache/" + fixture.repository.config.id.hex + "/seen-snapshots"
        let record = try String(contentsOfFile: recordPath, encoding: .utf8)
        #expect(record == "aerovault-seen-snapshots 1\n\(second.id.hex)\n")
    }

    /// The issue's first trial: after a full backup, a partial one; `verify latest` must still compare
    /// the cluster with the full snapshot (it used to pick the partial one and report missing records).
    @Test func verifyLatestAfterAPartialBackupUsesTheWholeSnapshot() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let sim = try SimProcess(records: 600, namespaces: [])
        defer { sim.stop() }
        let host = "127.0.0.1:\(sim.port)"
        #expect(try await cli.initRepository().status == 0)
        let full = try await cli.run(["backup", "--host", host, "--namespace", "test", "--json"])
        #expect(full.status == 0, "\(full.stderr)")
        let summary = try #require(CLIRunner.json(full.stdout) as? [String: Any])
        #expect((summary["no_parent"] as? String)?.hasPrefix("no earlier snapshot") == true)
        let fullID = try #require(summary["snapshot_id"] as? String)
        let partial = try await cli.run(["backup", "--host", host, "--namespace", "test", "--partitions", "0-99"])
        #expect(partial.status == 0, "\(partial.stderr)")
        #expect(partial.stdout.contains("no parent: no earlier snapshot"))
        #expect(try await cli.run(["snapshots"]).stdout.contains("test partitions=0-99"))

        let verify = try await cli.run(["verify", "latest", "--host", host, "--namespace", "test"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stderr.contains("using snapshot \(fullID.prefix(8))"))
    }

    /// A repository written before scopes were recorded lists as whole, restores by `latest` and checks.
    @Test func goldenSnapshotWithoutScopeCountsAsWhole() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let env = try cli.copyGoldenRepository()
        let json = try await cli.run(["snapshots", "--json"], env: env).stdout
        let listed = try #require(CLIRunner.json(json) as? [[String: Any]])
        let golden = try #require(listed.first)
        #expect(golden["whole"] as? Bool == true && golden["cluster_nodes"] == nil)
        let namespace = try #require(golden["namespace"] as? String)
        let restore = try await cli.run(["restore", "latest", "--namespace", namespace, "--dry-run"], env: env)
        #expect(restore.status == 0, "\(restore.stderr)")
        #expect(restore.stderr.contains("using snapshot \(try #require(golden["short_id"] as? String))"))
        #expect(try await cli.run(["check", "--read-data"], env: env).status == 0)
    }
}
