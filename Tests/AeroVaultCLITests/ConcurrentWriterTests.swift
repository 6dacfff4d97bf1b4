import Foundation
import ProcessSupport
import Testing

/// Several `aerovault` processes against one repository (SPEC.md §11 "Concurrent writers", "Crash safety").
@Suite struct ConcurrentWriterTests {
    private static let fastIndex = ["--index-max-age", "0.05", "--index-reload-interval", "0.05"]

    private func json(_ result: CLIRunner.Result) -> [String: Any] {
        (CLIRunner.json(result.stdout) as? [String: Any]) ?? [:]
    }

    @Test func twoProcessesWritingOverlappingChunks() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try await cli.initRepository(packSizeKib: 64).status == 0)
        let common = ["--size", "2048", "--json"] + Self.fastIndex
        let a = try cli.start(["debug", "write-chunks", "--count", "1500", "--seed", "0"] + common)
        let b = try cli.start(["debug", "write-chunks", "--count", "1500", "--seed", "750"] + common)
        let results = [await a.finish(), await b.finish()]
        #expect(results.map(\.status) == [0, 0], "\(results.map(\.stderr))")
        let stored = results.compactMap { json($0)["stored"] as? Int }.reduce(0, +)
        // 2250 distinct chunks; at most the 750 overlapping ones can be stored twice (how many depends
        // on how the two processes interleave, which the machine's load decides).
        let duplicates = stored - 2250
        #expect(duplicates >= 0)
        #expect(duplicates <= 750, "\(duplicates) of 750 overlapping chunks were stored twice")
        // Dedup across writers is exact once a writer's index is saved: a third writer of chunks the
        // first two wrote stores none of them.
        let again = try await cli.run(["debug", "write-chunks", "--count", "1500", "--seed", "375"] + common)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(json(again)["stored"] as? Int == 0)

        let verify = try await cli.run(["debug", "read-chunks", "--count", "2250", "--seed", "0", "--size", "2048", "--json"])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(json(verify)["missing"] as? Int == 0)
        #expect((json(verify)["indexed"] as? Int ?? 0) >= 2250)
    }

    /// Files under the repository's `data/` (packs, and a pack being written).
    private func packFiles(_ cli: CLIRunner) -> Int {
        (FileManager.default.enumerator(atPath: cli.repo + "/data")?.allObjects as? [String] ?? [])
            .filter { $0.contains("/") }.count
    }

    /// Round r kills its writer once it has added `killAfterPacks[r]` pack files: fixed points from
    /// its first pack to deep into the write, whatever the machine's speed.
    private static let killAfterPacks = [1, 3, 8, 20, 48]

    @Test func sigkilledWritersLeaveAConsistentRepository() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try await cli.initRepository(packSizeKib: 32).status == 0)
        for (round, packs) in Self.killAfterPacks.enumerated() {
            let before = packFiles(cli)
            let writer = try cli.start(
                ["debug", "write-chunks", "--count", "4000", "--seed", "\(round * 1000)", "--size", "1500"]
                    + Self.fastIndex)
            let reached = await writer.kill(when: { packFiles(cli) >= before + packs })
            #expect(reached, "round \(round): the writer ended before it had written \(packs) packs")
            _ = await writer.finish()
            // Opens, and every index entry points into a complete pack whose header agrees.
            let check = try await cli.run(["debug", "read-chunks", "--json"])
            #expect(check.status == 0, "round \(round), killed after \(packs) packs: \(check.stderr)")
        }
        // A final writer completes over the debris; all its chunks are then readable.
        let finish = try await cli.run(["debug", "write-chunks", "--count", "1000", "--seed", "0", "--size", "1500"])
        #expect(finish.status == 0, "\(finish.stderr)")
        let verify = try await cli.run(["debug", "read-chunks", "--count", "1000", "--seed", "0", "--size", "1500", "--json"])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(json(verify)["missing"] as? Int == 0)
    }
}
