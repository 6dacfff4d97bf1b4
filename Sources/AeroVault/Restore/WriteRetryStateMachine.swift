/// Restore's decisions under transient write failures (SPEC.md §14 "restore", "Retries and
/// overload"), as a pure state machine: no clock, no sleeping, no randomness of its own, so every
/// decision is unit-tested; ``WriteWindow`` is the thin async driver.
///
/// Two decisions:
/// - **Writes in flight (AIMD).** A batch write may start only while fewer than ``window`` are in
///   flight. A batch answered with an overload code (KEY_BUSY 14, DEVICE_OVERLOAD 18) halves the
///   window (at least 1), once per wave: batches sent before the cut do not cut again. After a
///   window's worth of batches answered without overload the window grows by one, up to
///   ``maxWindow`` (`--max-async-batches`).
/// - **Per row.** A row answered with a transient code is retried after an exponential backoff with
///   equal jitter (`base/2 … base`, base = initial × 2^(attempt−1), capped), until it has failed for
///   `retryTime` seconds or, if set, `maxRetries` times; then it is given up (counted as failed).
struct WriteRetryStateMachine: Sendable {
    /// The bounds from `--max-retries` and `--retry-time`, and the backoff curve.
    struct Policy: Sendable, Equatable {
        /// Retries per row after its first attempt; nil = bounded by ``retryTime`` only.
        var maxRetries: Int?
        /// Seconds a row may keep failing transiently, from its first transient answer.
        var retryTime: Double
        var initialBackoff: Double = 0.01
        var maxBackoff: Double = 1.0
    }

    enum Decision: Sendable, Equatable {
        /// Send the row again after this many seconds.
        case retry(after: Double)
        /// Stop: the row is counted as failed, with this reason.
        case giveUp(reason: String)
    }

    let policy: Policy
    let maxWindow: Int
    /// Batch writes allowed in flight now.
    private(set) var window: Int
    private(set) var inFlight = 0
    private(set) var statistics = RestoreRetryStatistics()
    private var nextTicket = 0
    /// Batches with a smaller ticket were sent before the last cut and do not cut again.
    private var cutBarrier = 0
    /// Batches answered without overload since the window last changed.
    private var cleanAnswers = 0

    init(policy: Policy, maxWindow: Int) {
        self.policy = policy
        self.maxWindow = max(1, maxWindow)
        window = self.maxWindow
        statistics.smallestWindow = self.maxWindow
        statistics.maxWindow = self.maxWindow
    }

    /// A batch write wants to start: its ticket, or nil while the window is full.
    mutating func admit() -> Int? {
        guard inFlight < window else { return nil }
        inFlight += 1
        defer { nextTicket += 1 }
        return nextTicket
    }

    /// The batch write holding `ticket` was answered; `overloadedRows` of its rows said 14 or 18.
    mutating func answered(ticket: Int, overloadedRows: Int) {
        inFlight = max(0, inFlight - 1)
        statistics.overloadAnswers += overloadedRows
        if overloadedRows > 0 {
            cleanAnswers = 0
            guard ticket >= cutBarrier else { return }
            cutBarrier = nextTicket
            guard window > 1 else { return }
            window /= 2
            statistics.windowCuts += 1
            statistics.smallestWindow = min(statistics.smallestWindow, window)
        } else {
            cleanAnswers += 1
            guard window < maxWindow, cleanAnswers >= window else { return }
            window += 1
            cleanAnswers = 0
        }
    }

    /// What to do with `rows` rows that just failed transiently for the `attempt`-th time (1 = the
    /// first answer), having failed for `failingFor` seconds since their first transient answer.
    /// - Parameter random: a uniform value in 0..<1 for the jitter.
    mutating func decide(rows: Int, attempt: Int, failingFor: Double, random: Double) -> Decision {
        if let maxRetries = policy.maxRetries, attempt > maxRetries {
            statistics.rowsGivenUp += rows
            return .giveUp(reason: "gave up after \(maxRetries) retries (--max-retries)")
        }
        if failingFor >= policy.retryTime {
            statistics.rowsGivenUp += rows
            return .giveUp(
                reason: "gave up after \(attempt - 1) retries in \(Int(failingFor.rounded())) s (--retry-time)")
        }
        statistics.retries += rows
        return .retry(after: backoff(attempt: attempt, random: random))
    }

    /// Backoff before retry number `attempt` (1-based) with equal jitter: `base/2 + random·base/2`.
    func backoff(attempt: Int, random: Double) -> Double {
        var base = policy.initialBackoff
        for _ in 1..<max(1, attempt) where base < policy.maxBackoff { base *= 2 }
        base = min(base, policy.maxBackoff)
        return base / 2 + min(max(random, 0), 1) * base / 2
    }
}

/// How hard a restore had to retry (SPEC.md §14 "restore", summary `retries`).
public struct RestoreRetryStatistics: Sendable, Equatable, Codable {
    /// Row writes sent again after a transient answer (one row retried three times counts 3).
    public var retries = 0
    /// Row answers KEY_BUSY (14) or DEVICE_OVERLOAD (18), the signal that cuts the window.
    public var overloadAnswers = 0
    /// Rows that still failed when `--retry-time` or `--max-retries` ran out.
    public var rowsGivenUp = 0
    /// Times the batch writes in flight were halved, and the smallest that number became.
    public var windowCuts = 0
    public var smallestWindow = 0
    /// The window's ceiling (`--max-async-batches`).
    public var maxWindow = 0

    public init() {}
}
