import ArchiveStore

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
