/// Retry behaviour for single-record and batch commands.
public struct RetryPolicy: Sendable {
    /// Attempts after the first.
    public var maxRetries: Int
    /// First backoff; doubled per attempt up to `maxBackoff`.
    public var initialBackoff: Duration
    public var maxBackoff: Duration

    public init(maxRetries: Int = 5, initialBackoff: Duration = .milliseconds(10), maxBackoff: Duration = .seconds(1)) {
        self.maxRetries = maxRetries
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
    }

    /// Backoff before retry number `attempt` (1-based).
    public func backoff(attempt: Int) -> Duration {
        var d = initialBackoff
        for _ in 1..<max(1, attempt) {
            d = d * 2
            if d >= maxBackoff { return maxBackoff }
        }
        return min(d, maxBackoff)
    }
}
