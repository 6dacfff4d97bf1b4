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
        /// passed; returns whether it held. Sleeps between checks without holding a thread, so other
        /// tests run meanwhile (Swift Testing runs tests on a pool of one thread per core).
        @discardableResult
        func waitWhileRunning(until condition: () -> Bool, timeout: Double = 60) async -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            while !condition() {
                guard child.isRunning, Date() < deadline else { return condition() }
                try? await Task.sleep(for: .milliseconds(5))
            }
            return true
        }

        /// SIGKILL (if still running), reap, and remove the output files: for `defer`, which cannot wait.
        func abandon() {
            _ = child.wait(orKillAfter: 0)
            stdoutFile.remove()
            stderrFile.remove()
        }

        /// Waits for the end (SIGKILL after `seconds`), then returns what it printed. Like
        /// ``waitWhileRunning(until:timeout:)`` it holds no thread while the child runs.
        func finish(killAfter seconds: Double = 600) async -> Result {
            _ = await waitWhileRunning(until: { false }, timeout: seconds)
            let termination = child.wait(orKillAfter: 0)
            defer {
                stdoutFile.remove()
                stderrFile.remove()
            }
            return Result(
                status: termination.shellStatus, termination: termination, stdout: stdoutFile.text(),
                stderr: stderrFile.text())
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
