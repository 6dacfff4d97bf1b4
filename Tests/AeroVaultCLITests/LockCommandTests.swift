import Foundation
import Testing

@Suite struct LockCommandTests {
    /// A writer holding a shared lock blocks `key remove` (exclusive) with exit 11; after the holder is
    /// SIGKILLed its lock is stale (dead PID on this host) and `unlock` removes it.
    @Test func lockConflictExit11AndUnlock() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try cli.initRepository().status == 0)
        let other = try cli.file("other", "other password\n")
        #expect(try cli.run(["key", "add", "--new-password-file", other]).status == 0)
        let keys = try #require(CLIRunner.json(try cli.run(["key", "list", "--json"]).stdout) as? [[String: Any]])
        let otherKey = try #require(keys.first { $0["current"] as? Bool == false }?["id"] as? String)

        // A writer that keeps its shared lock for up to 60 s after writing, however fast the machine.
        let (writer, _, _) = try cli.start(["debug", "write-chunks", "--count", "1000", "--size", "64", "--hold-lock", "60"])
        defer { if writer.isRunning { kill(writer.processIdentifier, SIGKILL) } }
        var locked = false
        for _ in 0..<200 where !locked {
            usleep(50_000)
            locked = ((try? FileManager.default.contentsOfDirectory(atPath: cli.repo + "/locks")) ?? []).count > 0
        }
        try #require(locked)
        let conflict = try cli.run(["key", "remove", otherKey])
        #expect(conflict.status == 11)
        #expect(conflict.stderr.contains("aerovault unlock"))
        #expect(conflict.stderr.contains("PID \(writer.processIdentifier)"))

        kill(writer.processIdentifier, SIGKILL)
        writer.waitUntilExit()
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.repo + "/locks").count == 1)
        // The dead writer's lock no longer blocks (stale), and unlock removes it.
        let unlock = try cli.run(["unlock"])
        #expect(unlock.status == 0)
        #expect(unlock.stdout.contains("removed 1 lock"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.repo + "/locks").isEmpty)
        #expect(try cli.run(["key", "remove", otherKey]).status == 0)
    }

    /// Ctrl-C: exit status 130 and the lock file is removed.
    @Test func interruptReleasesTheLockAndExits130() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try cli.initRepository().status == 0)
        let (writer, _, err) = try cli.start(["debug", "write-chunks", "--count", "1000", "--size", "64", "--hold-lock", "60"])
        defer { if writer.isRunning { kill(writer.processIdentifier, SIGKILL) } }
        // Watchdog: never wait on a writer that ignored the signal for long.
        let pid = writer.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + 30) { kill(pid, SIGKILL) }
        var locked = false
        for _ in 0..<200 where !locked {
            usleep(50_000)
            locked = ((try? FileManager.default.contentsOfDirectory(atPath: cli.repo + "/locks")) ?? []).count > 0
        }
        try #require(locked)
        kill(writer.processIdentifier, SIGINT)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        writer.waitUntilExit()
        #expect(writer.terminationStatus == 130, "\(stderr)")
        #expect(stderr.contains("interrupted"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.repo + "/locks").isEmpty)
    }
}
