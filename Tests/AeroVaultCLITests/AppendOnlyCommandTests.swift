import Foundation
import Testing

/// `init --append-only` (SPEC.md §6 "Append-only repositories"): only forget and prune with an admin key
/// remove or replace files; `check` reports a file changed after it was written and a snapshot that went
/// missing.
@Suite struct AppendOnlyCommandTests {
    @Test func onlyForgetAndPruneRemoveFilesAndCheckReportsTampering() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let initResult = try await cli.run(
            ["init", "--kdf-memory-mib", "1", "--kdf-ops", "1", "--pack-size-kib", "16", "--append-only"])
        #expect(initResult.status == 0, "\(initResult.stderr)")
        let config = try await cli.run(["cat", "config"])
        #expect(config.stdout.contains("\"appendOnly\" : true"), "\(config.stdout)")

        let fixture = try await CLIFixture(cli)
        var ids = [try await fixture.save((0..<20).map { CLIFixture.record($0) }, parent: nil, time: CLIFixture.day(1))]
        ids.append(try await fixture.save((20..<40).map { CLIFixture.record($0) }, parent: nil, time: CLIFixture.day(2)))
        ids.append(try await fixture.save((40..<60).map { CLIFixture.record($0) }, parent: nil, time: CLIFixture.day(3)))

        let second = try cli.file("second", "second password\n")
        #expect(try await cli.run(["key", "add", "--new-password-file", second]).status == 0)
        let keyID = try #require(
            (CLIRunner.json(try await cli.run(["key", "list", "--json"]).stdout) as? [[String: Any]])?
                .first { $0["current"] as? Bool == false }?["id"] as? String)
        for args in [["tag", ids[0].id.short, "--add", "x"], ["key", "remove", String(keyID.prefix(8))],
                     ["key", "passwd", "--new-password-file", second], ["repair", "index"]] {
            let refused = try await cli.run(args)
            #expect(refused.status == 1 && refused.stderr.contains("append-only"), "\(args): \(refused.stderr)")
        }
        #expect((CLIRunner.json(try await cli.run(["key", "list", "--json"]).stdout) as? [Any])?.count == 2)

        // forget and prune with the admin key work.
        let forget = try await cli.run(["forget", ids[0].id.short])
        #expect(forget.status == 0, "\(forget.stderr)")
        let prune = try await cli.run(["prune"])
        #expect(prune.status == 0, "\(prune.stderr)")
        #expect(try await cli.run(["check"]).status == 0)

        // The storage changes a snapshot file, and deletes another one this host has seen: check reports both.
        let snapshots = cli.repo + "/snapshots/"
        let changed = snapshots + ids[1].id.hex
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: changed)))
        bytes[bytes.count / 2] ^= 0x20
        try Data(bytes).write(to: URL(fileURLWithPath: changed))
        try FileManager.default.removeItem(atPath: snapshots + ids[2].id.hex)
        let check = try await cli.run(["check"])
        #expect(check.status == 1)
        #expect(check.stderr.contains(String(ids[1].id.hex.prefix(8))), "\(check.stderr)")
        #expect(check.stderr.contains(String(ids[2].id.hex.prefix(8))), "\(check.stderr)")
    }
}
