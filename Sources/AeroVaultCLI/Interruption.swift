import Foundation
import ProcessSupport
import Synchronization

/// What SIGINT/SIGTERM do in `aerovault`: run the current cleanup (release the lock), then exit with
/// status 130. ``AeroVaultCommand/main()`` installs the one handler of the process
/// (``TerminationSignals``) before any command runs; a command only sets and clears its cleanup.
enum Interruption {
    private static let cleanup = Mutex<(@Sendable () async -> Void)?>(nil)
    /// Set by a command that shuts down on its own (`serve`): it gets the signal instead of the exit.
    private static let takeover = Mutex<(@Sendable (Int32) -> Void)?>(nil)

    /// Called once, from `main`.
    static func installHandler() {
        TerminationSignals.install { signal in
            if let handler = takeover.withLock({ $0 }) { return handler(signal) }
            let action = cleanup.withLock { $0 }
            Task {
                await action?()
                FileHandle.standardError.write(Data("aerovault: interrupted\n".utf8))
                exit(ExitStatus.interrupted.rawValue)
            }
        }
    }

    /// Runs `body` with every SIGINT/SIGTERM going to `handler` instead of ending the process: for
    /// `serve`, which shuts down gracefully and exits 0 (SPEC.md §19 "Shutdown").
    static func withSignalHandler<T>(_ handler: @escaping @Sendable (Int32) -> Void, _ body: () async throws -> T)
        async rethrows -> T
    {
        takeover.withLock { $0 = handler }
        defer { takeover.withLock { $0 = nil } }
        return try await body()
    }

    /// Runs `body` with `action` as the cleanup an interrupt performs first.
    static func withCleanup<T>(_ action: @escaping @Sendable () async -> Void, _ body: () async throws -> T)
        async rethrows -> T
    {
        cleanup.withLock { $0 = action }
        defer { cleanup.withLock { $0 = nil } }
        return try await body()
    }
}
