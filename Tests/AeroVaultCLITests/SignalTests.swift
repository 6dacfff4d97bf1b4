import AeroVaultTestSupport
import Foundation
import ProcessSupport
import Testing

/// SIGINT/SIGTERM in both executables go through one handler per process (docs/processes-and-signals.md).
@Suite struct SignalTests {
    /// A serving simulator stops its nodes and exits 0 on SIGTERM.
    @Test func simulatorStopsCleanlyOnSIGTERM() async throws {
        let sim = try SimProcess(records: 10, namespaces: [])
        let (termination, output) = sim.stop()
        #expect(termination == .exited(0))
        #expect(output.contains("received SIGTERM, stopping"))
    }

    /// While still seeding, SIGTERM ends the simulator at once with 0 (it does not finish seeding first).
    @Test func simulatorExitsAtOnceWhenSignalledWhileSeeding() async throws {
        let binary = BuiltProduct.path("aerovault-sim")
        let output = try TemporaryFile(prefix: "sim-seeding")
        defer { output.remove() }
        let child = try ChildProcess.spawn(
            binary, ["--nodes", "1", "--port", "0", "--records", "2000000"], environment: [:],
            stdout: .file(output.path), stderr: .null)
        // Seeding 2 M records takes over 10 s (debug build); signal as soon as it has started (its first
        // line is printed). Were the signal ignored, the wait below would end it with SIGKILL after 20 s.
        var waited = 0
        while output.text().isEmpty, child.isRunning, waited < 3000 {
            try? await Task.sleep(for: .milliseconds(10))
            waited += 1
        }
        let start = Date()
        child.signal(SIGTERM)
        #expect(child.wait(orKillAfter: 20) == .exited(0), "\(output.text())")
        #expect(Date().timeIntervalSince(start) < 20)
        #expect(!output.text().contains("ready ports="))
    }

    /// `aerovault` exits 130 on SIGTERM too, and removes its lock.
    @Test func aerovaultExits130OnSIGTERMAndReleasesTheLock() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try await cli.initRepository().status == 0)
        let writer = try cli.start(["debug", "write-chunks", "--count", "10", "--size", "64", "--hold-lock", "60"])
        var locked = false
        for _ in 0..<400 where !locked && writer.child.isRunning {
            try? await Task.sleep(for: .milliseconds(50))
            locked = ((try? FileManager.default.contentsOfDirectory(atPath: cli.repo + "/locks")) ?? []).count > 0
        }
        try #require(locked)
        writer.child.signal(SIGTERM)
        let ended = await writer.finish(killAfter: 30)
        #expect(ended.termination == .exited(130), "\(ended.stderr)")
        #expect(ended.stderr.contains("aerovault: interrupted"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.repo + "/locks").isEmpty)
    }
}
