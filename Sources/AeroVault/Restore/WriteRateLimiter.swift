/// Spaces out record writes so the whole restore stays under a records-per-second limit (`--tps`);
/// shared by all partition workers of one restore (the schedule: ``RateSchedule``).
actor WriteRateLimiter {
    private var schedule: RateSchedule
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant

    init(recordsPerSecond: Int) {
        schedule = RateSchedule(perSecond: recordsPerSecond)
        origin = clock.now
    }

    /// Waits until `count` more records may be written. Throws `CancellationError` if the task is cancelled.
    func acquire(_ count: Int) async throws {
        let wait = schedule.reserve(count: count, now: origin.duration(to: clock.now).seconds)
        if wait > 0 {
            try await Task.sleep(for: .milliseconds(Int64(wait * 1000)))
        }
    }
}
