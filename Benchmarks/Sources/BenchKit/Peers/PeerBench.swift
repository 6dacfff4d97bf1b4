import Foundation

/// Measurement 3 (and the peer half of 4): the same record stream piped into `restic backup
/// --stdin` and `borg create --compression zstd,3 … -`, both with encryption on and passwords
/// passed through the environment.
public struct PeerBench {
    /// A peer tool and how to drive it.
    public enum Tool: String, CaseIterable, Sendable {
        case restic
        case borg

        /// The executable name looked up on PATH.
        public var executable: String { rawValue }
    }

    /// What one backup run of a peer cost.
    public struct Run: Sendable {
        public var result: CommandResult
        /// Repository size after the run, bytes.
        public var repositoryBytes: UInt64
        /// Bytes this run added to the repository.
        public var addedBytes: UInt64
    }

    let tool: Tool
    let runner: CommandRunner
    let repository: URL
    let environment: [String: String]

    /// Prepares a fresh repository folder under `workDirectory` (removing an old one).
    public init(tool: Tool, runner: CommandRunner, workDirectory: URL) throws {
        self.tool = tool
        self.runner = runner
        self.repository = workDirectory.appendingPathComponent("\(tool.rawValue)-repo")
        try? FileManager.default.removeItem(at: repository)
        switch tool {
        case .restic:
            environment = [
                "RESTIC_PASSWORD": "aerovault-bench",
                "RESTIC_CACHE_DIR": workDirectory.appendingPathComponent("restic-cache").path,
            ]
        case .borg:
            environment = [
                "BORG_PASSPHRASE": "aerovault-bench",
                "BORG_BASE_DIR": workDirectory.appendingPathComponent("borg-base").path,
                "BORG_RELOCATED_REPO_ACCESS_IS_OK": "yes",
            ]
        }
    }

    /// Whether the tool is installed.
    public static func isAvailable(_ tool: Tool) -> Bool {
        CommandRunner.which(tool.executable) != nil
    }

    /// The tool's version line, for the report.
    public func version() -> String {
        let result = try? runner.run([tool.executable, tool == .restic ? "version" : "--version"])
        return result?.stdout.trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown"
    }

    /// Creates the encrypted repository (restic: repository version 2 with compression; borg:
    /// repokey-blake2).
    public func initialize() throws {
        switch tool {
        case .restic:
            _ = try runner.check(["restic", "-r", repository.path, "init", "--repository-version", "2"], environment: environment)
        case .borg:
            _ = try runner.check(["borg", "init", "--encryption=repokey-blake2", repository.path], environment: environment)
        }
    }

    /// Backs up the bytes written by `feed` as one stream named `records.bin`.
    /// - Parameter name: snapshot/archive name (borg needs a unique one per run).
    public func backup(name: String, feed: @escaping @Sendable (FileHandle) -> Void) throws -> Run {
        let before = CommandRunner.directorySize(repository)
        let arguments: [String]
        switch tool {
        case .restic:
            arguments = ["restic", "-r", repository.path, "backup", "--stdin", "--stdin-filename", "records.bin",
                         "--host", "bench", "--tag", name]
        case .borg:
            arguments = ["borg", "create", "--compression", "zstd,3", "--stdin-name", "records.bin",
                         "\(repository.path)::\(name)", "-"]
        }
        let result = try runner.check(arguments, environment: environment, feed: feed)
        let after = CommandRunner.directorySize(repository)
        return Run(result: result, repositoryBytes: after, addedBytes: after > before ? after - before : 0)
    }

    /// Removes the repository folder.
    public func cleanUp() {
        try? FileManager.default.removeItem(at: repository)
    }
}
