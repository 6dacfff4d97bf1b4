import ArchiveStore
import Foundation
import Testing

/// End-to-end: snapshots, forget, prune, check, stats, diff, ls and tag through the `aerovault` binary.
@Suite struct ManageCommandTests {
    private func json(_ result: CLIRunner.Result) -> Any? { CLIRunner.json(result.stdout) }

    @Test func forgetPruneCheckOnThirtyDailySnapshots() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try await cli.initRepository(packSizeKib: 16).status == 0)
        let ids = try await CLIFixture(cli).dailyChain()
        let utc = cli.environment(["TZ": "UTC"])

        let listed = try await cli.run(["snapshots", "--json"], env: utc)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect((json(listed) as? [[String: Any]])?.count == 30)
        let table = try await cli.run(["snapshots"], env: utc)
        #expect(table.stdout.contains("\(ids[0].short)  2026-11-01 10:00:00  h1"))
        #expect(table.stdout.contains("30 snapshots"))

        let keptDays = [30, 29, 28, 27, 26, 25, 24, 22, 15]
        var before: [SnapshotID: [ArchiveRecord]] = [:]
        for day in keptDays { before[ids[day - 1]] = try await CLIFixture.records(cli, ids[day - 1]) }

        let dry = try await cli.run(["forget", "--keep-daily", "7", "--keep-weekly", "4", "--dry-run"], env: utc)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("keep 9 snapshots"))
        #expect(dry.stdout.contains("would remove 21 snapshots"))
        #expect(dry.stdout.contains("daily snapshot, weekly snapshot"))

        let forget = try await cli.run(["forget", "--keep-daily", "7", "--keep-weekly", "4", "--json"], env: utc)
        #expect(forget.status == 0, "\(forget.stderr)")
        let groups = try #require(json(forget) as? [[String: Any]])
        let kept = (groups.first?["keep"] as? [[String: Any]])?.compactMap { ($0["snapshot"] as? [String: Any])?["id"] as? String }
        #expect(kept == keptDays.map { ids[$0 - 1].hex })
        #expect((groups.first?["remove"] as? [Any])?.count == 21)
        #expect((json(try await cli.run(["snapshots", "--json"])) as? [Any])?.count == 9)

        let bytesBefore = try CLIFixture.packFiles(cli).reduce(0) { $0 + $1.size }
        let prune = try await cli.run(["prune", "--max-unused", "0%"])
        #expect(prune.status == 0, "\(prune.stderr)")
        #expect(prune.stdout.contains("freed"))
        #expect(prune.stderr.contains("prune: saved the new index"))
        let bytesAfter = try CLIFixture.packFiles(cli).reduce(0) { $0 + $1.size }
        #expect(bytesAfter < bytesBefore)
        for day in keptDays {
            #expect(try await CLIFixture.records(cli, ids[day - 1]) == before[ids[day - 1]], "day \(day)")
        }

        let check = try await cli.run(["check", "--read-data"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("no errors were found"))

        // One flipped bit in one pack: check --read-data names that pack and exits 1.
        let (path, size) = try #require(try CLIFixture.packFiles(cli).first)
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: UInt64(size / 3))
        var byte = try #require(try handle.read(upToCount: 1))
        byte[0] ^= 0x08
        try handle.seek(toOffset: UInt64(size / 3))
        try handle.write(contentsOf: byte)
        try handle.close()
        let packID = URL(fileURLWithPath: path).lastPathComponent
        let damaged = try await cli.run(["check", "--read-data"])
        #expect(damaged.status == 1)
        #expect(damaged.stderr.contains(packID))
        let damagedJSON = try await cli.run(["check", "--read-data", "--json"])
        #expect(damagedJSON.status == 1)
        let problems = (CLIRunner.json(damagedJSON.stdout) as? [String: Any])?["problems"] as? [[String: Any]]
        #expect(problems?.contains { ($0["file"] as? String)?.hasSuffix(packID) == true } == true)
    }

    @Test func tagLsDiffStatsAndForgetByID() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try await cli.initRepository(packSizeKib: 16).status == 0)
        let fixture = try await CLIFixture(cli)
        let first = try await fixture.save((0..<30).map { CLIFixture.record($0) }, parent: nil, time: CLIFixture.day(1))
        let changes = [CLIFixture.record(1, version: 1), CLIFixture.record(500),
                       ArchiveRecord.tombstone(digest: CLIFixture.digest(3))]
        let second = try await fixture.save(changes, parent: first, time: CLIFixture.day(2), tags: ["nightly"])

        let diff = try await cli.run(["diff", String(first.id.hex.prefix(8)), "latest", "--json"])
        #expect(diff.status == 0, "\(diff.stderr)")
        let diffJSON = try #require(json(diff) as? [String: Any])
        #expect(diffJSON["added"] as? Int == 1)
        #expect(diffJSON["changed"] as? Int == 1)
        #expect(diffJSON["deleted"] as? Int == 1)
        #expect(try await cli.run(["diff", first.id.hex, second.id.hex]).stdout.contains("orders"))

        let ls = try await cli.run(["ls", "latest", "--set", "orders", "--limit", "3"])
        #expect(ls.status == 0, "\(ls.stderr)")
        #expect(ls.stdout.split(separator: "\n").count == 3)
        #expect(ls.stdout.split(separator: "\n").allSatisfy { $0.contains("  orders  ") })
        let lsAll = try #require(json(try await cli.run(["ls", "latest", "--json"])) as? [[String: Any]])
        #expect(lsAll.count == 30)

        let stats = try #require(json(try await cli.run(["stats", "latest", "--json"])) as? [String: Any])
        #expect(stats["records"] as? Int == 30)
        let raw = try #require(json(try await cli.run(["stats", "--mode", "raw-data", "--json"])) as? [String: Any])
        #expect((raw["chunks"] as? Int ?? 0) > 16)
        #expect(raw["snapshots"] as? Int == 2)

        let filtered = try #require(json(try await cli.run(["snapshots", "--tag", "nightly", "--json"])) as? [[String: Any]])
        #expect(filtered.map { $0["id"] as? String } == [second.id.hex])
        #expect(filtered.first?["kind"] as? String == "incremental")

        let tag = try await cli.run(["tag", second.id.short, "--add", "keep,audit", "--remove", "nightly", "--json"])
        #expect(tag.status == 0, "\(tag.stderr)")
        let newID = try #require((json(tag) as? [[String: Any]])?.first?["new_id"] as? String)
        #expect(newID != second.id.hex)
        let retagged = try #require(json(try await cli.run(["snapshots", "--tag", "keep,audit", "--json"])) as? [[String: Any]])
        #expect(retagged.map { $0["id"] as? String } == [newID])
        #expect(retagged.first?["tags"] as? [String] == ["keep", "audit"])

        // forget the parent by id: the child still reads back completely, before and after prune.
        let forget = try await cli.run(["forget", String(first.id.hex.prefix(12)), "--prune", "--max-unused", "0%"])
        #expect(forget.status == 0, "\(forget.stderr)")
        #expect(forget.stdout.contains("removed 1 snapshot"))
        let child = try await CLIFixture.records(cli, try #require(ID32(hex: newID)))
        #expect(child.count == 30)
        #expect(try await cli.run(["check", "--read-data"]).status == 0)

        // Bad input is refused with a message, not a crash.
        let none = try await cli.run(["forget"])
        #expect(none.status != 0)
        #expect(none.stderr.contains("policy"))
        #expect(try await cli.run(["forget", "--keep-within", "3x"]).status != 0)
        #expect(try await cli.run(["check", "--read-data-subset", "5/4"]).status != 0)
        #expect(try await cli.run(["prune", "--max-unused", "150%"]).status != 0)
        let missing = try await cli.run(["ls", "ffffffff"])
        #expect(missing.status == 1)
        #expect(!missing.stderr.isEmpty)
    }
}
