import ArchiveStore
import ArchiveStoreS3
import ArgumentParser
import Foundation

/// `--repo` and password options shared by every command that opens a repository.
struct RepositoryOptions: ParsableArguments {
    @Option(
        name: [.customLong("repo"), .customShort("r")],
        help: ArgumentHelp(
            "Repository directory or s3:http(s)://HOST[:PORT]/BUCKET[/PREFIX] (default: $AEROVAULT_REPOSITORY); "
                + "sftp:, rest: locations are not supported yet.",
            valueName: "location"))
    var repo: String?

    @Option(
        help: ArgumentHelp(
            "File whose first line is the password (default: $AEROVAULT_PASSWORD_FILE, then "
                + "$AEROVAULT_PASSWORD_COMMAND, then $AEROVAULT_PASSWORD, then a prompt).", valueName: "file"))
    var passwordFile: String?

    @Option(
        help: ArgumentHelp(
            "Shell command whose first line of output is the password (default: $AEROVAULT_PASSWORD_COMMAND, "
                + "read after $AEROVAULT_PASSWORD_FILE).", valueName: "command"))
    var passwordCommand: String?

    @Option(
        help: ArgumentHelp(
            "If the repository is locked, keep trying to take the lock for this long (e.g. 30s, 5m; default: "
                + "fail at once).", valueName: "duration"))
    var retryLock: DurationArgument?

    /// The repository location from `--repo` or `AEROVAULT_REPOSITORY`.
    func location(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        try Self.location(repo, flag: "--repo", variable: "AEROVAULT_REPOSITORY", what: "repository", environment: environment)
    }

    /// A location from its flag, else its environment variable; else an error naming both.
    static func location(
        _ given: String?, flag: String, variable: String, what: String, environment: [String: String]
    ) throws -> String {
        if let given, !given.isEmpty { return given }
        if let value = environment[variable], !value.isEmpty { return value }
        throw ArchiveStoreError(.invalidArgument, "no \(what) given: pass \(flag) PATH or set \(variable)")
    }

    /// The backend for the repository location (``backend(at:environment:)``).
    func backend(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> any Backend {
        try Self.backend(at: try location(environment: environment), environment: environment)
    }

    /// The backend for a location text (`--repo`, `--from-repo`): `s3:…` is an ``S3Backend``
    /// (credentials and region from the environment, SPEC.md §6 "S3 backend"); otherwise a local
    /// directory, while other `scheme:…` locations (`sftp:`, `rest:` …) are refused (``RepositoryLocation``).
    static func backend(
        at location: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> any Backend {
        let parsed = try RepositoryLocation(parsing: location)
        if case .unsupported(scheme: "s3", let rest) = parsed.kind {
            return try S3Backend(parsing: rest, environment: environment)
        }
        return try parsed.makeBackend()
    }

    /// The password, from `--password-file`, `AEROVAULT_PASSWORD_FILE`, `AEROVAULT_PASSWORD` or a prompt.
    /// - Parameter confirm: on a terminal, ask twice (for a new repository's password).
    func password(prompt: String = "enter password for repository: ", confirm: Bool = false) throws -> [UInt8] {
        try PasswordSource.read(
            file: passwordFile, fileVariable: "AEROVAULT_PASSWORD_FILE", command: passwordCommand,
            commandVariable: "AEROVAULT_PASSWORD_COMMAND", valueVariable: "AEROVAULT_PASSWORD", prompt: prompt,
            confirm: confirm)
    }
}

/// `--new-password-file` for commands that set a new password (`init`, `key add`, `key passwd`).
struct NewPasswordOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "File whose first line is the new password (default: $AEROVAULT_NEW_PASSWORD_FILE, then a prompt).",
            valueName: "file"))
    var newPasswordFile: String?

    func newPassword() throws -> [UInt8] {
        try PasswordSource.read(
            file: newPasswordFile, fileVariable: "AEROVAULT_NEW_PASSWORD_FILE", valueVariable: nil,
            prompt: "enter new password: ", confirm: true)
    }
}

/// `--json` and `--quiet`, shared by every command.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print machine-readable JSON to stdout (errors as a JSON object on stderr).")
    var json = false

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    /// Prints a line of text unless `--quiet` or `--json`.
    func say(_ text: String) {
        guard !quiet, !json else { return }
        print(text)
    }

    /// Prints `value` as one line of JSON (sorted keys, ISO 8601 dates) when `--json`.
    func emit<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}

/// `--no-lock` for commands that only read (restic's flag): on a read-only medium, or while another
/// process holds an exclusive lock, they run without writing a lock file; every write is refused
/// (SPEC.md §10 "--no-lock").
struct NoLockOptions: ParsableArguments {
    @Flag(
        name: .customLong("no-lock"),
        help: ArgumentHelp(
            "Take no lock and write nothing to the repository (read-only media; results may be wrong "
                + "if a prune runs meanwhile)."))
    var enabled = false
}
