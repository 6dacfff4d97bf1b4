import AeroVaultTestSupport
import Foundation
import ProcessSupport

/// Runs the built `aerovault` executable in a temporary working area (end-to-end CLI tests).
struct CLIRunner {
    struct Result {
        /// The exit status, or 128 + the signal that ended it.
        var status: Int32
        var termination: ChildProcess.Termination
        var stdout: String
        var stderr: String
    }

    let repo: String
    let passwordFile: String
    let scratch: String

    /// A fresh scratch directory with a password file; `repo` does not exist yet.
    init(password: String = "secret one") throws {
        scratch = NSTemporaryDirectory() + "aerovault-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        repo = scratch + "/repo"
        passwordFile = try Self.writeFile(in: scratch, name: "password", contents: password + "\n")
    }

    static func writeFile(in dir: String, name: String, contents: String) throws -> String {
        let path = dir + "/" + name
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func file(_ name: String, _ contents: String) throws -> String {
        try Self.writeFile(in: scratch, name: name, contents: contents)
    }

    func cleanUp() { try? FileManager.default.removeItem(atPath: scratch) }

    /// Copies the committed golden repository (ArchiveStoreTests/Fixtures/golden-v1) to `repo` and
    /// returns the environment with its password file.
    func copyGoldenRepository() throws -> [String: String] {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ArchiveStoreTests/Fixtures/golden-v1").path
        try FileManager.default.copyItem(atPath: fixture, toPath: repo)
        let password = try file("golden", "golden password\n")
        return environment(["AEROVAULT_PASSWORD_FILE": password])
    }

    /// The `aerovault` binary beside the test bundle (``BuiltProduct``).
    static var executable: String { BuiltProduct.path("aerovault") }

    /// Environment with the repository, password file and a scratch cache directory set (no password
    /// variable leaks from the caller).
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AEROVAULT_") }
        env["AEROVAULT_REPOSITORY"] = repo
        env["AEROVAULT_PASSWORD_FILE"] = passwordFile
        env["AEROVAULT_CACHE_DIR"] = scratch + "/cache"  // never the user's own cache
        return env.merging(extra) { $1 }
    }

    /// A started `aerovault` whose stdout and stderr go to files in the scratch directory.
    struct Running {
        let child: ChildProcess
        let stdoutFile: TemporaryFile
        let stderrFile: TemporaryFile

        /// Checks `condition` every 5 ms until it holds, the process has ended, or `timeout` seconds have
        /// passed; returns whether it held. The checks run on a thread of their own, not in this task:
        /// Swift Testing runs tests on a pool of one thread per core, so a blocking wait here would stop
        /// other tests, and checks from a task on a busy pool could come too late to see a moment that
        /// passes quickly (a writer's 48th pack).
        @discardableResult
        func waitWhileRunning(
            until condition: @escaping @Sendable () -> Bool, timeout: Double = 60, thenSignal signal: Int32? = nil
        ) async -> Bool {
            let child = self.child
            return await withCheckedContinuation { continuation in
                Thread.detachNewThread {
                    let deadline = Date().addingTimeInterval(timeout)
                    var held = condition()
                    while !held, child.isRunning, Date() < deadline {
                        usleep(5_000)
                        held = condition()
                    }
                    if held, let signal { child.signal(signal) }
                    continuation.resume(returning: held)
                }
            }
        }

        /// SIGKILLs the child from the polling thread the moment `condition` holds (a task could be
        /// scheduled too late on a busy pool, letting the child run on past the point); returns whether
        /// it held before the child ended or `timeout` passed.
        func kill(when condition: @escaping @Sendable () -> Bool, timeout: Double = 60) async -> Bool {
            await waitWhileRunning(until: condition, timeout: timeout, thenSignal: SIGKILL)
        }

        /// Waits for the end (SIGKILL after `seconds`), then returns what it printed, holding no
        /// thread of the pool meanwhile (``ChildProcess/exit(orKillAfter:)`` waits on a thread of its own).
        func finish(killAfter seconds: Double = 600) async -> Result {
            let termination = await child.exit(orKillAfter: seconds)
            defer {
                stdoutFile.remove()
                stderrFile.remove()
            }
            return Result(
                status: termination.shellStatus, termination: termination, stdout: stdoutFile.text(),
                stderr: stderrFile.text())
        }

        /// SIGKILL (if still running), reap, and remove the output files: for `defer`, which cannot wait.
        func abandon() {
            _ = child.wait(orKillAfter: 0)
            stdoutFile.remove()
            stderrFile.remove()
        }
    }

    /// Starts `aerovault args…` without waiting (ChildProcess: posix_spawn, no dispatch source).
    func start(_ args: [String], env: [String: String]? = nil) throws -> Running {
        let out = try TemporaryFile(prefix: "aerovault-out")
        let err = try TemporaryFile(prefix: "aerovault-err")
        let child = try ChildProcess.spawn(
            Self.executable, args, environment: env ?? environment(), stdout: .file(out.path), stderr: .file(err.path))
        return Running(child: child, stdoutFile: out, stderrFile: err)
    }

    /// Runs `aerovault args…` to completion.
    @discardableResult
    func run(_ args: [String], env: [String: String]? = nil) async throws -> Result {
        try await start(args, env: env).finish()
    }

    /// `init` with a fast KDF and small packs.
    func initRepository(packSizeKib: Int = 64) async throws -> Result {
        try await run(["init", "--kdf-memory-mib", "1", "--kdf-ops", "1", "--pack-size-kib", "\(packSizeKib)"])
    }

    static func json(_ text: String) -> Any? {
        guard let line = text.split(separator: "\n").last else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(line.utf8))
    }
}
