/// Spaces out work so it stays under a rate: records per second (`restore --tps`) or bytes per
/// second (`backup --nice`).
///
/// The schedule is a pure function of the reservations and the times passed in (tested without
/// sleeping); ``WriteRateLimiter`` and ``ReadRateLimiter`` wrap it in actors that sleep for the
/// computed delay.
struct RateSchedule: Sendable {
    /// Units per second allowed.
    let rate: Double
    /// Seconds (monotonic) at which the next reservation may start.
    private(set) var nextStart: Double = -.infinity

    init(perSecond: Int) {
        rate = Double(max(1, perSecond))
    }

    /// Reserves `count` units at time `now` (seconds) and returns how long the caller must wait first.
    ///
    /// A burst of up to one second's worth is allowed after an idle period.
    mutating func reserve(count: Int, now: Double) -> Double {
        let earliest = max(nextStart, now - 1.0)
        let wait = max(0, earliest - now)
        nextStart = earliest + Double(count) / rate
        return wait
    }
}
