import Foundation
import Testing

/// The trial: after `forget --prune`, the old index files are put back (a replayed copy of
/// the repository directory). Reading still works, `check` names the stale index and points to
/// `repair index`, which fixes it (SPEC.md §8 "Reading", §14 "repair index").
@Suite struct RepairIndexCommandTests {
    @Test func replayedIndexFilesAfterPruneAreRepaired() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try await cli.initRepository(packSizeKib: 16).status == 0)
        let ids = try await CLIFixture(cli).interleavedFulls(count: 2, perSnapshot: 300)
        let indexDir = cli.repo + "/index"
        var saved: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: indexDir) {
            saved[name] = try Data(contentsOf: URL(fileURLWithPath: indexDir + "/" + name))
        }
        let forget = try await cli.run(["forget", ids[0].hex, "--prune", "--max-unused", "0%"])
        #expect(forget.status == 0, "\(forget.stderr)")
        for (name, data) in saved where !FileManager.default.fileExists(atPath: indexDir + "/" + name) {
            try data.write(to: URL(fileURLWithPath: indexDir + "/" + name))
        }

        // Every record of the surviving snapshot still reads (restore's dry run reads and checks all).
        let dry = try await cli.run(["restore", ids[1].hex, "--namespace", "test", "--dry-run"])
        #expect(dry.status == 0, "\(dry.stdout) \(dry.stderr)")
        #expect(dry.stdout.contains("300 would restore (dry run)"), "\(dry.stdout)")

        let stale = try await cli.run(["check"])
        #expect(stale.status == 1)
        #expect(stale.stderr.contains("is missing"), "\(stale.stderr)")
        #expect(stale.stderr.contains("aerovault repair index"), "\(stale.stderr)")

        let repair = try await cli.run(["repair", "index", "--json"])
        #expect(repair.status == 0, "\(repair.stderr)")
        let summary = try #require(CLIRunner.json(repair.stdout) as? [String: Any], "\(repair.stdout)")
        #expect(summary["message_type"] as? String == "repair_index")
        #expect((summary["missing_packs"] as? Int ?? 0) > 0, "\(summary)")
        #expect((summary["index_files_removed"] as? Int ?? 0) >= saved.count, "\(summary)")

        let clean = try await cli.run(["check", "--read-data"])
        #expect(clean.status == 0, "\(clean.stdout) \(clean.stderr)")
        #expect(clean.stdout.contains("no errors were found"))
        let after = try await CLIFixture.records(cli, ids[1])
        #expect(after.count == 300)
    }
}
