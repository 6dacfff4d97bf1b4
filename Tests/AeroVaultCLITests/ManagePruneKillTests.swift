import AeroVaultTestSupport
import ArchiveStore
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `aerovault prune` SIGKILLed at different points, several rounds: the repository stays valid after
/// each kill (check --read-data clean, kept snapshots intact), and a final prune finishes the job.
@Suite struct ManagePruneKillTests {
    /// SIGKILLs a child the moment `marker` appears in its stderr file (or after `delay` seconds when
    /// there is no marker). It polls on a thread of its own, every 2 ms: the cooperative pool may be busy
    /// with other tests, so polling from a task would react too late. It stops when the child ends.
    static func killer(_ running: CLIRunner.Running, marker: String?, delay: Double) {
        Thread.detachNewThread {
            let deadline = Date().addingTimeInterval(marker == nil ? delay : 600)
            while running.child.isRunning {
                if let marker, running.stderrFile.text().contains(marker) { break }
                if Date() >= deadline { break }
                usleep(2_000)
            }
            running.child.signal(SIGKILL)  // sent only if the child has not been reaped
        }
    }

    /// The environment that makes every stderr write of the child pause 300 ms: the test-only
    /// `libAeroVaultStderrPause.so` (Sources/CStderrPause), built next to `aerovault`, preloaded.
    static func pausingAfterStderrWrites(_ cli: CLIRunner) throws -> [String: String] {
        let library = BuiltProduct.path("libAeroVaultStderrPause.so")
        try #require(
            FileManager.default.fileExists(atPath: library), "\(library) is missing: run swift build --build-tests")
        return cli.environment(["LD_PRELOAD": library, "AEROVAULT_TEST_STDERR_PAUSE_MS": "300"])
    }

    @Test func sigkilledPruneLeavesAValidRepository() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try await cli.initRepository(packSizeKib: 8).status == 0)
        // Six full snapshots of distinct records, chunks interleaved across packs; each round
        // forgets one, so every prune has packs to repack and delete. The last one is always kept.
        let ids = try await CLIFixture(cli).interleavedFulls(count: 6, perSnapshot: 150)
        let keep = ids[5]
        let expected = try await CLIFixture.records(cli, keep)

        // Kill points: while planning, after the first repacked pack, right after the new index.
        let markers: [String?] = [
            nil, "prune: repacked 1/", "prune: saved the new index", "prune: repacked 1/", "prune: saved the new index",
        ]
        var killed: [String] = []
        for (round, marker) in markers.enumerated() {
            #expect(try await cli.run(["forget", ids[round].hex]).status == 0)
            let prune = try cli.start(["prune", "--max-unused", "0%"], env: try Self.pausingAfterStderrWrites(cli))
            Self.killer(prune, marker: marker, delay: Double.random(in: 0.15...0.4))
            let ended = await prune.finish()
            // A kill that lands after exit does not count: look at how the process ended.
            let wasKilled = ended.termination == .signalled(SIGKILL)
            if wasKilled { killed.append(marker ?? "timed") }
            #expect(wasKilled || ended.status == 0, "round \(round): prune failed: \(ended.stderr)")
            let check = try await cli.run(["check", "--read-data"])
            #expect(check.status == 0, "round \(round) (\(marker ?? "timed")): \(check.stderr)")
            #expect(try await CLIFixture.records(cli, keep) == expected, "round \(round)")
        }
        let final = try await cli.run(["prune", "--max-unused", "0%"])
        #expect(final.status == 0, "\(final.stderr)")
        let check = try await cli.run(["check", "--read-data"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(!check.stdout.contains("hint:"))
        #expect(try await CLIFixture.records(cli, keep) == expected)
        #expect(try await Pruner(repository: try await CLIFixture(cli).repository).plan(PruneOptions(maxUnusedFraction: 0)).isEmpty)
        // Each progress line is followed by a 300 ms pause, so every marker kill lands at its marker.
        #expect(killed.filter { $0 != "timed" }.count == 4, "killed at \(killed)")
    }
}
