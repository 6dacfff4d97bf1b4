/// Spaces out record writes so the whole restore stays under a records-per-second limit (`--tps`).
///
/// The schedule is a pure function of the reservations and the times passed in (tested without sleeping);
/// ``WriteRateLimiter`` wraps it in an actor that sleeps for the computed delay.
struct WriteRateSchedule: Sendable {
    /// Records per second allowed.
    let rate: Double
    /// Seconds (monotonic) at which the next reservation may start.
    private(set) var nextStart: Double = -.infinity

    init(recordsPerSecond: Int) {
        rate = Double(max(1, recordsPerSecond))
    }

    /// Reserves `count` records at time `now` (seconds) and returns how long the caller must wait first.
    ///
    /// A burst of up to one second's worth of records is allowed after an idle period.
    mutating func reserve(count: Int, now: Double) -> Double {
        let earliest = max(nextStart, now - 1.0)
        let wait = max(0, earliest - now)
        nextStart = earliest + Double(count) / rate
        return wait
    }
}

/// Shared limiter used by all partition workers of one restore.
actor WriteRateLimiter {
    private var schedule: WriteRateSchedule
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant

    init(recordsPerSecond: Int) {
        schedule = WriteRateSchedule(recordsPerSecond: recordsPerSecond)
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
