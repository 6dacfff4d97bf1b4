import Foundation
import ProcessSupport
import Testing

@Suite struct LockCommandTests {
    /// A writer holding a shared lock blocks `key remove` (exclusive) with exit 11; after the holder is
    /// SIGKILLed its lock is stale (dead PID on this host) and `unlock` removes it.
    @Test func lockConflictExit11AndUnlock() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try await cli.initRepository().status == 0)
        let other = try cli.file("other", "other password\n")
        #expect(try await cli.run(["key", "add", "--new-password-file", other]).status == 0)
        let keys = try #require(CLIRunner.json(try await cli.run(["key", "list", "--json"]).stdout) as? [[String: Any]])
        let otherKey = try #require(keys.first { $0["current"] as? Bool == false }?["id"] as? String)

        // A writer that keeps its shared lock for up to 60 s after writing, however fast the machine.
        let writer = try cli.start(["debug", "write-chunks", "--count", "1000", "--size", "64", "--hold-lock", "60"])
        defer { writer.abandon() }
        var locked = false
        for _ in 0..<200 where !locked {
            try? await Task.sleep(for: .milliseconds(50))
            locked = ((try? FileManager.default.contentsOfDirectory(atPath: cli.repo + "/locks")) ?? []).count > 0
        }
        try #require(locked)
        let conflict = try await cli.run(["key", "remove", otherKey])
        #expect(conflict.status == 11)
        #expect(conflict.stderr.contains("aerovault unlock"))
        #expect(conflict.stderr.contains("PID \(writer.child.pid)"))

        writer.child.signal(SIGKILL)
        #expect(writer.child.wait() == .signalled(SIGKILL))
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.repo + "/locks").count == 1)
        // The dead writer's lock no longer blocks (stale), and unlock removes it.
        let unlock = try await cli.run(["unlock"])
        #expect(unlock.status == 0)
        #expect(unlock.stdout.contains("removed 1 lock"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.repo + "/locks").isEmpty)
        #expect(try await cli.run(["key", "remove", otherKey]).status == 0)
    }

    /// Ctrl-C: exit status 130 and the lock file is removed.
    @Test func interruptReleasesTheLockAndExits130() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try await cli.initRepository().status == 0)
        let writer = try cli.start(["debug", "write-chunks", "--count", "1000", "--size", "64", "--hold-lock", "60"])
        var locked = false
        for _ in 0..<200 where !locked {
            try? await Task.sleep(for: .milliseconds(50))
            locked = ((try? FileManager.default.contentsOfDirectory(atPath: cli.repo + "/locks")) ?? []).count > 0
        }
        try #require(locked)
        writer.child.signal(SIGINT)
        // Never wait long on a writer that ignored the signal: SIGKILL after 30 s fails the check below.
        let ended = await writer.finish(killAfter: 30)
        #expect(ended.termination == .exited(130), "\(ended.stderr)")
        #expect(ended.stderr.contains("interrupted"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.repo + "/locks").isEmpty)
    }
}
