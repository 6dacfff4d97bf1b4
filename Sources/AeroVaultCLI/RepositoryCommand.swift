import ArchiveStore
import ArgumentParser
import Foundation

/// Which lock a command takes while it runs (SPEC.md §10).
enum LockMode {
    case none, shared, exclusive
}

/// What a ``RepositoryCommand`` runs with: the open repository, output settings, and the locks
/// released when the command ends or is interrupted (a command that opens a second repository adds
/// its lock there).
struct CommandContext {
    let repository: Repository
    let output: OutputOptions
    let locks: HeldLock
}

/// Shared plumbing for commands that work on an existing repository: open it (asking for the
/// password), take the lock, run, release the lock — also on error and on Ctrl-C (exit 130).
/// Errors propagate to ``AeroVaultCommand/main()``, which maps them to exit codes.
protocol RepositoryCommand: AsyncParsableCommand {
    var repositoryOptions: RepositoryOptions { get }
    var output: OutputOptions { get }
    /// Default: `.shared`.
    static var lockMode: LockMode { get }
    /// Whether opening reads the index files (default true; `repair index` rebuilds it instead).
    static var loadsIndex: Bool { get }
    /// Index policy for writers (default: production values).
    var writeOptions: Repository.WriteOptions { get }
    /// `--no-lock` given (read-only commands only; default false): no lock is taken and the backend
    /// refuses every write (SPEC.md §10 "--no-lock").
    var readOnly: Bool { get }
    /// What the command needs the key's role to permit (SPEC.md §14 "Roles"); no default, so every
    /// command states it. Checked as soon as the key opens, before anything else.
    static var access: RepositoryAccess { get }
    /// The command as typed after `aerovault`, for the refusal message (default: its name).
    static var displayName: String { get }
    func run(in context: CommandContext) async throws
}

extension RepositoryCommand {
    static var lockMode: LockMode { .shared }
    static var loadsIndex: Bool { true }
    var writeOptions: Repository.WriteOptions { Repository.WriteOptions() }
    var readOnly: Bool { false }
    static var displayName: String { configuration.commandName ?? "\(Self.self)" }

    mutating func run() async throws {
        // Set before the lock exists, so no interrupt can slip between taking and guarding it.
        let held = HeldLock()
        try await Interruption.withCleanup({ await held.release() }) { try await runLocked(held) }
    }

    private func runLocked(_ held: HeldLock) async throws {
        let repository = try await repositoryOptions.openRepository(
            writeOptions: writeOptions, readOnly: readOnly, loadIndex: Self.loadsIndex,
            access: Self.access, action: "`aerovault \(Self.displayName)`")
        let patience = repositoryOptions.retryLock?.duration
        let quiet = output.quiet || output.json
        switch readOnly ? LockMode.none : Self.lockMode {
        case .none: break
        case .shared: try await held.hold { try await repository.lock(exclusive: false, retryingFor: patience, quiet: quiet) }
        case .exclusive: try await held.hold { try await repository.lock(exclusive: true, retryingFor: patience, quiet: quiet) }
        }
        do {
            try await run(in: CommandContext(repository: repository, output: output, locks: held))
        } catch {
            await held.release()
            throw error
        }
        await held.release()
    }
}

extension RepositoryOptions {
    /// Opens the repository: fails with "no repository" before asking for a password.
    /// - Parameters:
    ///   - readOnly: wrap the backend so that every write is refused (`--no-lock`).
    ///   - loadIndex: read the index files (false for `repair index`, which rebuilds them).
    /// - Parameters:
    ///   - access: what the key's role must permit; `action` names the command in the refusal.
    func openRepository(
        writeOptions: Repository.WriteOptions = .init(), readOnly: Bool = false, loadIndex: Bool = true,
        access: RepositoryAccess, action: String
    ) async throws -> Repository {
        try await Self.openRepository(
            at: try location(), password: { try password() }, writeOptions: writeOptions, readOnly: readOnly,
            loadIndex: loadIndex, access: access, action: action)
    }

    /// Opens the repository at `location`, asking for its password only once it is known to exist.
    static func openRepository(
        at location: String, password: () throws -> [UInt8], writeOptions: Repository.WriteOptions = .init(),
        readOnly: Bool = false, loadIndex: Bool = true, access: RepositoryAccess, action: String
    ) async throws -> Repository {
        let backend = readOnly ? ReadOnlyBackend(wrapping: try backend(at: location)) : try backend(at: location)
        try await Repository.checkExists(backend: backend)
        return try await Repository.open(
            backend: backend, password: try password(), writeOptions: writeOptions, loadIndex: loadIndex,
            requiring: access, for: action)
    }
}
