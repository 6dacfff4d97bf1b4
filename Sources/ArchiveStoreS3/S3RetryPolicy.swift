/// When and how long the S3 client waits before trying a request again (SPEC.md §6 "S3 backend").
///
/// Retried: transport failures (connection refused or reset, timeouts), HTTP 500, 502, 503 (incl.
/// `SlowDown`), 504, 429, and `400 RequestTimeout`. Delays grow exponentially from `baseDelay` up to
/// `maxDelay`, with full jitter so that parallel uploads do not retry in lock-step.
public struct S3RetryPolicy: Sendable {
    /// Attempts per request, the first one included.
    public var maxAttempts: Int
    /// Seconds before the first retry (before jitter).
    public var baseDelay: Double
    /// Upper bound of any one delay, in seconds.
    public var maxDelay: Double

    public init(maxAttempts: Int = 10, baseDelay: Double = 0.1, maxDelay: Double = 5) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// Whether a response with `status` and S3 error `code` (nil if the body had none) is worth retrying.
    public static func isRetryable(status: Int, code: String?) -> Bool {
        switch status {
        case 429, 500, 502, 503, 504: return true
        case 400: return code == "RequestTimeout"
        default: return code == "SlowDown" || code == "InternalError"
        }
    }

    /// Seconds to wait after failed attempt number `attempt` (1-based): uniform in 0…min(max, base·2^(attempt-1)).
    public func delay(afterAttempt attempt: Int) -> Double {
        let ceiling = min(maxDelay, baseDelay * Double(1 << min(attempt - 1, 30)))
        return Double.random(in: 0...ceiling)
    }
}
