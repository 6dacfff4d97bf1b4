import ArchiveStore
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `aerovault prune` SIGKILLed at different points, several rounds: the repository stays valid after
/// each kill (check --read-data clean, kept snapshots intact), and a final prune finishes the job.
@Suite struct ManagePruneKillTests {
    /// Watches a child's stderr and SIGKILLs it the moment `marker` appears (or after `delay`
    /// seconds when there is no marker), on a dispatch thread: the cooperative pool may be busy
    /// with other tests, so polling from a task would react too late.
    final class Killer: @unchecked Sendable {
        // @unchecked: `text` and `fired` are only touched under `lock`.
        private let lock = NSLock()
        private var text = ""
        private var fired = false
        private let pid: Int32

        init(_ process: Process, stderr pipe: Pipe, marker: String?, delay: Double) {
            pid = process.processIdentifier
            if let marker {
                pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
                    let data = handle.availableData
                    guard let self else { return }
                    let seen = self.lock.withLock { () -> Bool in
                        self.text += String(decoding: data, as: UTF8.self)
                        return self.text.contains(marker)
                    }
                    if seen { self.fire() }
                }
            } else {
                DispatchQueue.global().asyncAfter(deadline: .now() + delay) { [weak self] in self?.fire() }
            }
        }

        private func fire() {
            lock.withLock {
                guard !fired else { return }
                fired = kill(pid, SIGKILL) == 0
            }
        }

    }

    @Test func sigkilledPruneLeavesAValidRepository() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try cli.initRepository(packSizeKib: 8).status == 0)
        // Six full snapshots of distinct records, chunks interleaved across packs; each round
        // forgets one, so every prune has packs to repack and delete. The last one is always kept.
        let ids = try await ManageFixture(cli).interleavedFulls(count: 6, perSnapshot: 150)
        let keep = ids[5]
        let expected = try await ManageFixture.records(cli, keep)

        // Kill points: while planning, after the first repacked pack, right after the new index.
        let markers: [String?] = [
            nil, "prune: repacked 1/", "prune: saved the new index", "prune: repacked 1/", "prune: saved the new index",
        ]
        var killed: [String] = []
        for (round, marker) in markers.enumerated() {
            #expect(try cli.run(["forget", ids[round].hex]).status == 0)
            let (process, out, err) = try cli.start(
                ["prune", "--max-unused", "0%"], env: cli.environment(["AEROVAULT_TEST_PROGRESS_PAUSE_MS": "300"]))
            let killer = Killer(process, stderr: err, marker: marker, delay: Double.random(in: 0.15...0.4))
            process.waitUntilExit()
            err.fileHandleForReading.readabilityHandler = nil
            _ = out.fileHandleForReading.readDataToEndOfFile()
            // A kill that lands after exit (zombie) does not count: look at how the process ended.
            let wasKilled = process.terminationReason == .uncaughtSignal
            if wasKilled { killed.append(marker ?? "timed") }
            #expect(wasKilled || process.terminationStatus == 0, "round \(round): prune failed")
            _ = killer
            let check = try cli.run(["check", "--read-data"])
            #expect(check.status == 0, "round \(round) (\(marker ?? "timed")): \(check.stderr)")
            #expect(try await ManageFixture.records(cli, keep) == expected, "round \(round)")
        }
        let final = try cli.run(["prune", "--max-unused", "0%"])
        #expect(final.status == 0, "\(final.stderr)")
        let check = try cli.run(["check", "--read-data"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(!check.stdout.contains("hint:"))
        #expect(try await ManageFixture.records(cli, keep) == expected)
        #expect(try await Pruner(repository: try await ManageFixture(cli).repository).plan(PruneOptions(maxUnusedFraction: 0)).isEmpty)
        // Each progress line is followed by a 300 ms pause, so every marker kill lands at its marker.
        #expect(killed.filter { $0 != "timed" }.count == 4, "killed at \(killed)")
    }
}
