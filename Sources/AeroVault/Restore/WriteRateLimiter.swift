/// Spaces out writes so the whole restore stays under a records-per-second limit (`--tps`) or a
/// bytes-per-second limit (`--nice`); shared by all writers of one restore (the schedule:
/// ``RateSchedule``).
actor WriteRateLimiter {
    private var schedule: RateSchedule
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant

    init(perSecond: Int) {
        schedule = RateSchedule(perSecond: perSecond)
        origin = clock.now
    }

    /// Waits until `count` more records (or bytes) may be written. Throws `CancellationError` if the task is cancelled.
    func acquire(_ count: Int) async throws {
        let wait = schedule.reserve(count: count, now: origin.duration(to: clock.now).seconds)
        if wait > 0 {
            try await Task.sleep(for: .milliseconds(Int64(wait * 1000)))
        }
    }
}
