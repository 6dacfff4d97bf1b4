import Foundation

/// `backup --nice`: keeps the bytes read from the cluster (reply frames) under a bytes-per-second cap,
/// shared by every scan of one backup (SPEC.md §14 "backup", "asbackup's flags"). Time and sleeping
/// come from the engine's ``BackupClock``, so a test checks the pacing without waiting.
actor ReadRateLimiter {
    private var schedule: RateSchedule
    private let clock: any BackupClock

    init(bytesPerSecond: Int, clock: any BackupClock) {
        schedule = RateSchedule(perSecond: bytesPerSecond)
        self.clock = clock
    }

    /// Waits until `bytes` more may be read. Throws `CancellationError` if the task is cancelled.
    func acquire(_ bytes: Int) async throws {
        let wait = schedule.reserve(count: bytes, now: clock.now().timeIntervalSince1970)
        if wait > 0 { try await clock.sleep(for: .nanoseconds(Int64(wait * 1e9))) }
    }
}
