import ArchiveStore

/// The locks an interrupted command must release (`copy` holds one on each repository). An interrupt
/// that arrives while a lock is being taken waits until that finishes, so a lock file written just
/// before the signal is removed too.
actor HeldLock {
    private var locks: [RepositoryLock] = []
    private var acquiring = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func beginAcquiring() { acquiring = true }

    /// Ends the acquisition begun by ``beginAcquiring()``, keeping `lock` (nil: it failed).
    func set(_ lock: RepositoryLock?) {
        if let lock { locks.append(lock) }
        acquiring = false
        let waiting = waiters
        waiters = []
        for waiter in waiting { waiter.resume() }
    }

    /// Takes a lock with `acquire` and keeps it until ``release()``.
    func hold(_ acquire: @Sendable () async throws -> RepositoryLock) async throws {
        beginAcquiring()
        do {
            set(try await acquire())
        } catch {
            set(nil)
            throw error
        }
    }

    /// Releases every lock held, newest first.
    func release() async {
        if acquiring { await withCheckedContinuation { waiters.append($0) } }
        let held = locks
        locks = []
        for lock in held.reversed() { await lock.release() }
    }
}
