/// A token bucket limiting operations per second (the optional TPS limiter for writes).
actor RateLimiter {
    private let perSecond: Double
    private var tokens: Double
    private var last: ContinuousClock.Instant

    init(perSecond: Int) {
        self.perSecond = Double(max(1, perSecond))
        self.tokens = Double(max(1, perSecond))
        self.last = .now
    }

    /// Waits until `count` operations may proceed.
    func acquire(_ count: Int = 1) async throws {
        let need = Double(count)
        while true {
            let now = ContinuousClock.now
            let elapsed = now - last
            last = now
            let secs = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            tokens = min(max(perSecond, need), tokens + secs * perSecond)
            if tokens >= need {
                tokens -= need
                return
            }
            let wait = (need - tokens) / perSecond
            try await Task.sleep(for: .milliseconds(Int(wait * 1000) + 1))
        }
    }
}
