import ArchiveStore
import Foundation
import Testing

/// `restore latest --tag T --snapshot-host H` (SPEC.md §14 "Snapshot selection"), and the asrestore
/// metadata flags' usage rules (§14 "restore").
@Suite struct LatestFilterCommandTests {
    @Test func latestIsNarrowedByTagAndBackupHost() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try await cli.initRepository().status == 0)
        let fixture = try await CLIFixture(cli)
        let records = (0..<20).map { CLIFixture.record($0) }
        let tagged = try await fixture.save(records, parent: nil, time: CLIFixture.day(1), tags: ["pre-upgrade"])
        let newest = try await fixture.save(records, parent: nil, time: CLIFixture.day(2))

        let plain = try await cli.run(["restore", "latest", "--namespace", "test", "--dry-run"])
        #expect(plain.status == 0 && plain.stderr.contains("using snapshot \(newest.id.short)"), "\(plain.stderr)")
        let byTag = try await cli.run(["restore", "latest", "--namespace", "test", "--tag", "pre-upgrade", "--dry-run"])
        #expect(byTag.status == 0 && byTag.stderr.contains("using snapshot \(tagged.id.short)"), "\(byTag.stderr)")
        let verify = try await cli.run(["verify", "latest", "--namespace", "test", "--tag", "pre-upgrade", "--snapshot-host", "h1", "--host", "127.0.0.1:1", "--timeout", "1"])
        #expect(verify.stderr.contains("using snapshot \(tagged.id.short)"), "\(verify.stderr)")

        let otherHost = try await cli.run(["restore", "latest", "--namespace", "test", "--snapshot-host", "elsewhere", "--dry-run"])
        #expect(otherHost.status == 1)
        #expect(otherHost.stderr.contains("from host elsewhere"), "\(otherHost.stderr)")
        let withID = try await cli.run(["restore", tagged.id.short, "--namespace", "test", "--tag", "x", "--dry-run"])
        #expect(withID.status == 1 && withID.stderr.contains("narrow 'latest'"), "\(withID.stderr)")
    }

    @Test func metadataFlagsThatLeaveNothingToDoAreUsageErrors() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try await cli.initRepository().status == 0)
        let nothing = try await cli.run(["restore", "latest", "--namespace", "test", "--no-records", "--no-indexes", "--no-udfs"])
        #expect(nothing.status == 64 && nothing.stderr.contains("nothing to restore"), "\(nothing.stderr)")
        let unordered = try await cli.run(["restore", "latest", "--namespace", "test", "--indexes-last", "--no-indexes"])
        #expect(unordered.status == 64 && unordered.stderr.contains("--indexes-last"), "\(unordered.stderr)")
        let badTTL = try await cli.run(["restore", "latest", "--namespace", "test", "--extra-ttl", "-5"])
        #expect(badTTL.status == 64, "\(badTTL.stderr)")
    }
}
