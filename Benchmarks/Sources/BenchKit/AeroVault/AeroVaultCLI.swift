import Foundation

/// Drives the release `aerovault` executable as a user would, under `/usr/bin/time`, so backup and
/// restore are measured end to end (process start, key derivation, scan, pack writes, fsyncs).
public struct AeroVaultCLI {
    /// Path of the `aerovault` binary.
    public let binary: String
    let runner: CommandRunner
    /// The repository folder.
    public let repository: URL
    let passwordFile: URL

    /// Uses the repository folder `name` under `workDirectory`; ``initialize()`` starts it afresh.
    public init(binary: String, runner: CommandRunner, workDirectory: URL, name: String = "aerovault-repo") throws {
        self.binary = binary
        self.runner = runner
        self.repository = workDirectory.appendingPathComponent(name)
        self.passwordFile = workDirectory.appendingPathComponent("aerovault-password.txt")
        try "aerovault-bench\n".write(to: passwordFile, atomically: true, encoding: .utf8)
    }

    /// Whether this build has the subcommand (`aerovault SUB --help` exits 0): measurements whose
    /// command has not landed yet are reported as not measured.
    public func supports(_ subcommand: String) -> Bool {
        guard FileManager.default.isExecutableFile(atPath: binary) else { return false }
        // An unknown subcommand with --help prints the root help and still exits 0, so look for
        // the subcommand's own usage line.
        let words = subcommand.split(separator: " ").map(String.init)
        guard let result = try? runner.run([binary] + words + ["--help"]), result.status == 0 else { return false }
        return result.stdout.contains("aerovault \(subcommand) ")
    }

    var repositoryArguments: [String] { ["--repo", repository.path, "--password-file", passwordFile.path] }

    /// Removes any old repository folder, then `aerovault init` with the default key-derivation
    /// cost (as a user would).
    public func initialize() throws {
        try? FileManager.default.removeItem(at: repository)
        _ = try runner.check([binary, "init"] + repositoryArguments, environment: ["AEROVAULT_NEW_PASSWORD_FILE": passwordFile.path])
    }

    /// `aerovault backup --host … --namespace …`; extra arguments are appended.
    /// - Parameter profile: when given, the backup runs under `perf record -g` writing there.
    public func backup(host: String, namespace: String, extra: [String] = [], profile: URL? = nil) throws -> CommandResult {
        let perf = profile.map { ["perf", "record", "-F", "499", "-g", "-q", "-o", $0.path, "--"] } ?? []
        return try runner.check(
            perf + [binary, "backup"] + repositoryArguments + ["--host", host, "--namespace", namespace] + extra)
    }

    /// The top symbols of a `perf record` file (self time, ≥ 1.5 %), as `perf report` prints them.
    public func perfTop(_ profile: URL) -> [String] {
        let result = try? runner.run([
            "perf", "report", "--stdio", "--no-children", "-g", "none", "--percent-limit", "1.5", "-i", profile.path,
            "--sort", "dso,symbol",
        ])
        return (result?.stdout ?? "").split(separator: "\n").map(String.init)
            .filter { !$0.hasPrefix("#") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// `aerovault restore SNAPSHOT --host … --namespace …`.
    public func restore(snapshot: String, host: String, namespace: String, extra: [String] = []) throws -> CommandResult {
        try runner.check(
            [binary, "restore", snapshot] + repositoryArguments + ["--host", host, "--namespace", namespace] + extra)
    }

    /// Runs any repository subcommand (e.g. `check`, `prune`) and returns its cost.
    public func run(_ subcommand: [String]) throws -> CommandResult {
        try runner.check([binary] + subcommand + repositoryArguments)
    }

    /// Current repository size in bytes.
    public var repositoryBytes: UInt64 { CommandRunner.directorySize(repository) }

    /// Snapshots in the repository (files under `snapshots/`).
    public var snapshotCount: Int {
        let names = try? FileManager.default.contentsOfDirectory(atPath: repository.appendingPathComponent("snapshots").path)
        return names?.count ?? 0
    }

    /// Removes the repository folder.
    public func cleanUp() {
        try? FileManager.default.removeItem(at: repository)
    }
}
