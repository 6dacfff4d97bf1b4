import ArchiveStore
import Foundation
import Testing

/// Damaged or junk files in `snapshots/` (SPEC.md §14 "snapshots", exit 3).
@Suite(.serialized) struct DamagedSnapshotCommandTests {
    /// Two snapshots of namespace `test` (day 1 full, day 2 on top); returns their ids.
    static func twoSnapshots(_ cli: CLIRunner) async throws -> (SnapshotID, SnapshotID) {
        #expect(try await cli.initRepository().status == 0)
        let fixture = try await CLIFixture(cli)
        let first = try await fixture.save((0..<30).map { CLIFixture.record($0) }, parent: nil, time: CLIFixture.day(1))
        let second = try await fixture.save(
            [CLIFixture.record(1, version: 1), CLIFixture.record(500)], parent: first, time: CLIFixture.day(2))
        return (first.id, second.id)
    }

    /// One junk file and one damaged snapshot file in `snapshots/` no longer block `snapshots` and
    /// `restore latest`: each is named, the rest is listed, exit 3; `check` still reports both.
    @Test func damagedSnapshotFilesAreSkippedAndNamed() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let (first, second) = try await Self.twoSnapshots(cli)
        let directory = cli.repo + "/snapshots/"
        let junk = String(repeating: "ab", count: 32)
        try Data("not a snapshot".utf8).write(to: URL(fileURLWithPath: directory + junk))
        var damaged = try Data(contentsOf: URL(fileURLWithPath: directory + second.hex))
        damaged[damaged.count / 2] ^= 0x40
        try damaged.write(to: URL(fileURLWithPath: directory + second.hex))

        let listed = try await cli.run(["snapshots"])
        #expect(listed.status == 3, "\(listed.stdout) \(listed.stderr)")
        #expect(listed.stdout.contains(first.short), "\(listed.stdout)")
        #expect(listed.stdout.contains("1 snapshot"), "\(listed.stdout)")
        #expect(listed.stderr.contains("snapshots/\(junk)"), "\(listed.stderr)")
        #expect(listed.stderr.contains("snapshots/\(second.hex)"), "\(listed.stderr)")

        let json = try await cli.run(["snapshots", "--json"])
        #expect(json.status == 3)
        #expect((CLIRunner.json(json.stdout) as? [[String: Any]])?.count == 1, "\(json.stdout)")

        let restored = try await cli.run(["restore", "latest", "--namespace", "test", "--dry-run"])
        #expect(restored.status == 3, "\(restored.stdout) \(restored.stderr)")
        #expect(restored.stdout.contains("snapshot \(first.short)"), "\(restored.stdout)")
        #expect(restored.stderr.contains("snapshots/\(second.hex)"), "\(restored.stderr)")

        let checked = try await cli.run(["check"])
        #expect(checked.status == 1)
        #expect(checked.stderr.contains("snapshots/\(junk)"), "\(checked.stderr)")
        #expect(checked.stderr.contains("snapshots/\(second.hex)"), "\(checked.stderr)")
    }
}
