import Foundation

/// A held lock (SPEC.md §10). Refreshed in the background until ``release()``.
///
/// Each refresh writes a new lock file with the current time and then removes the previous one, so
/// a lock file is never rewritten in place.
public actor RepositoryLock {
    public nonisolated let info: LockInfo
    private let repository: Repository
    private var name: String
    private var refreshTask: Task<Void, Never>?
    private var released = false

    init(repository: Repository, name: String, info: LockInfo) {
        self.repository = repository
        self.name = name
        self.info = info
    }

    func startRefreshing(every refreshInterval: TimeInterval) {
        if refreshInterval > 0 {
            refreshTask = Task { [weak self] in
                while !Task.isCancelled {
                    try? await Task.sleep(nanoseconds: UInt64(refreshInterval * 1e9))
                    guard !Task.isCancelled, let self else { return }
                    try? await self.refresh()
                }
            }
        }
    }

    /// The current lock file's name.
    public var fileName: String { name }

    /// Rewrites the lock with a fresh time (called periodically; public for tests).
    public func refresh() async throws {
        guard !released else { return }
        var fresh = info
        fresh.time = Date()
        let newName = try await repository.saveLockFile(fresh)
        let old = name
        name = newName
        try? await repository.backend.remove(.lock, name: old)
    }

    /// Stops refreshing and removes the lock file. Safe to call more than once.
    public func release() async {
        guard !released else { return }
        released = true
        refreshTask?.cancel()
        refreshTask = nil
        try? await repository.backend.remove(.lock, name: name)
    }
}
