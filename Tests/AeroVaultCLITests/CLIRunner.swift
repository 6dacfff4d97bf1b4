import Foundation

/// Runs the built `aerovault` executable in a temporary working area (end-to-end CLI tests).
struct CLIRunner {
    struct Result {
        var status: Int32
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

    /// The `aerovault` binary next to the test bundle (SwiftPM puts both in `.build/<config>/`).
    static var executable: String {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("aerovault"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("aerovault"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(".build/debug/aerovault"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }?.path ?? candidates[2].path
    }

    /// Environment with the repository, password file and a scratch cache directory set (no password
    /// variable leaks from the caller).
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AEROVAULT_") }
        env["AEROVAULT_REPOSITORY"] = repo
        env["AEROVAULT_PASSWORD_FILE"] = passwordFile
        env["AEROVAULT_CACHE_DIR"] = scratch + "/cache"  // never the user's own cache
        return env.merging(extra) { $1 }
    }

    /// Starts `aerovault args…` without waiting.
    func start(_ args: [String], env: [String: String]? = nil) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = args
        process.environment = env ?? environment()
        process.standardInput = FileHandle.nullDevice
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    /// Runs `aerovault args…` to completion.
    @discardableResult
    func run(_ args: [String], env: [String: String]? = nil) throws -> Result {
        let (process, out, err) = try start(args, env: env)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// `init` with a fast KDF and small packs.
    func initRepository(packSizeKib: Int = 64) throws -> Result {
        try run(["init", "--kdf-memory-mib", "1", "--kdf-ops", "1", "--pack-size-kib", "\(packSizeKib)"])
    }

    static func json(_ text: String) -> Any? {
        guard let line = text.split(separator: "\n").last else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(line.utf8))
    }
}
