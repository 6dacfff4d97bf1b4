import ArchiveStore
import ArgumentParser
import Dispatch
import Foundation

/// Which lock a command takes while it runs (SPEC.md §10).
enum LockMode {
    case none, shared, exclusive
}

/// What a ``RepositoryCommand`` runs with: the open repository and output settings.
struct CommandContext {
    let repository: Repository
    let output: OutputOptions
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
    func run(in context: CommandContext) async throws
}

extension RepositoryCommand {
    static var lockMode: LockMode { .shared }
    static var loadsIndex: Bool { true }
    var writeOptions: Repository.WriteOptions { Repository.WriteOptions() }

    mutating func run() async throws {
        // Installed before the lock exists, so no interrupt can slip between taking and guarding it.
        let held = HeldLock()
        let interrupt = InterruptHandler.install { await held.release() }
        defer { interrupt.cancel() }
        let repository = try await repositoryOptions.openRepository(
            writeOptions: writeOptions, loadIndex: Self.loadsIndex)
        let lock: RepositoryLock?
        await held.beginAcquiring()
        do {
            switch Self.lockMode {
            case .none: lock = nil
            case .shared: lock = try await repository.lock(exclusive: false)
            case .exclusive: lock = try await repository.lock(exclusive: true)
            }
        } catch {
            await held.set(nil)
            throw error
        }
        await held.set(lock)
        do {
            try await run(in: CommandContext(repository: repository, output: output))
        } catch {
            await lock?.release()
            throw error
        }
        await lock?.release()
    }
}

extension RepositoryOptions {
    /// Opens the repository: fails with "no repository" before asking for a password.
    func openRepository(writeOptions: Repository.WriteOptions = .init(), loadIndex: Bool = true) async throws -> Repository {
        let backend = try backend()
        try await Repository.checkExists(backend: backend)
        return try await Repository.open(
            backend: backend, password: try password(), writeOptions: writeOptions, loadIndex: loadIndex)
    }
}

/// The lock an interrupted command must release. An interrupt that arrives while the lock is being
/// taken waits until that finishes, so a lock file written just before the signal is removed too.
actor HeldLock {
    private var lock: RepositoryLock?
    private var acquiring = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func beginAcquiring() { acquiring = true }

    func set(_ lock: RepositoryLock?) {
        self.lock = lock
        acquiring = false
        let waiting = waiters
        waiters = []
        for waiter in waiting { waiter.resume() }
    }

    func release() async {
        if acquiring { await withCheckedContinuation { waiters.append($0) } }
        await lock?.release()
    }
}

/// On SIGINT/SIGTERM runs a cleanup (release the lock) and exits with status 130.
final class InterruptHandler: @unchecked Sendable {
    // @unchecked: the sources are created once and only cancelled afterwards.
    private var sources: [DispatchSourceSignal] = []

    static func install(cleanup: @escaping @Sendable () async -> Void) -> InterruptHandler {
        let handler = InterruptHandler()
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                Task {
                    await cleanup()
                    FileHandle.standardError.write(Data("aerovault: interrupted\n".utf8))
                    exit(ExitStatus.interrupted.rawValue)
                }
            }
            source.resume()
            handler.sources.append(source)
        }
        return handler
    }

    func cancel() {
        for source in sources { source.cancel() }
        sources = []
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
