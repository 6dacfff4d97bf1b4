import ArchiveStore
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `aerovault prune` SIGKILLed at different points, several rounds: the repository stays valid after
/// each kill (check --read-data clean, kept snapshots intact), and a final prune finishes the job.
@Suite struct ManagePruneKillTests {
    /// Collects a child's stderr as it arrives.
    final class StderrWatch: @unchecked Sendable {
        // @unchecked: `text` is only touched under `lock`.
        private let lock = NSLock()
        private var text = ""
        init(_ pipe: Pipe) {
            pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                self?.lock.withLock { self?.text += String(decoding: data, as: UTF8.self) }
            }
        }
        func contains(_ marker: String) -> Bool { lock.withLock { text.contains(marker) } }
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
            let (process, out, err) = try cli.start(["prune", "--max-unused", "0%"])
            let watch = StderrWatch(err)
            let deadline = Date().addingTimeInterval(60)
            if let marker {
                while process.isRunning, !watch.contains(marker), Date() < deadline {
                    try await Task.sleep(nanoseconds: 2_000_000)
                }
            } else {
                try await Task.sleep(nanoseconds: UInt64.random(in: 150_000_000...400_000_000))
            }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed.append(marker ?? "timed")
            }
            process.waitUntilExit()
            err.fileHandleForReading.readabilityHandler = nil
            _ = out.fileHandleForReading.readDataToEndOfFile()
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
        // A marker kill can only miss if the rest of that prune ran in the ~2 ms polling gap.
        #expect(killed.filter { $0 != "timed" }.count >= 2, "killed at \(killed)")
    }
}
