import ArchiveStore
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `aerovault prune` SIGKILLed at random points, several rounds: the repository stays valid after
/// each kill, and a final prune leaves `check --read-data` clean with every kept snapshot intact.
@Suite struct ManagePruneKillTests {
    @Test func sigkilledPruneLeavesAValidRepository() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try cli.initRepository(packSizeKib: 8).status == 0)
        let ids = try await ManageFixture(cli).dailyChain(records: 300)
        let keep = [ids[29], ids[20], ids[9]]
        var before: [SnapshotID: [ArchiveRecord]] = [:]
        for id in keep { before[id] = try await ManageFixture.records(cli, id) }
        let forget = try cli.run(["forget"] + ids.filter { !keep.contains($0) }.map(\.hex))
        #expect(forget.status == 0, "\(forget.stderr)")

        // Time one dry run to spread the kills over a real prune's duration.
        let start = Date()
        #expect(try cli.run(["prune", "--dry-run"]).status == 0)
        let planTime = Date().timeIntervalSince(start)
        var rng = SystemRandomNumberGenerator()
        var killed = 0
        for round in 0..<5 {
            let (process, out, err) = try cli.start(["prune", "--max-unused", "0%"])
            let delay = planTime * Double.random(in: 0.6...2.5, using: &rng)
            try await Task.sleep(nanoseconds: UInt64(delay * 1e9))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed += 1
            }
            _ = out.fileHandleForReading.readDataToEndOfFile()
            _ = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let check = try cli.run(["check", "--read-data"])
            #expect(check.status == 0, "round \(round) (killed after \(delay) s): \(check.stderr)")
            for id in keep {
                #expect(try await ManageFixture.records(cli, id) == before[id], "round \(round)")
            }
        }
        let final = try cli.run(["prune", "--max-unused", "0%"])
        #expect(final.status == 0, "\(final.stderr)")
        let check = try cli.run(["check", "--read-data"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(!check.stdout.contains("hint:"))
        for id in keep { #expect(try await ManageFixture.records(cli, id) == before[id]) }
        #expect(killed >= 1, "no prune was killed mid-run (plan took \(planTime) s)")
    }
}
