/// How restore treats the server's answer to one record write (SPEC.md §14 "restore").
public enum WriteOutcome: Sendable, Equatable {
    /// Written (result 0).
    case written
    /// Left alone because the target already has it: KEY_EXISTS (5) under `--unique`, or
    /// GENERATION_ERROR (3) when the target's generation is not older than the backup's.
    case skippedExisting
    /// Worth another try after a pause: TIMEOUT (9), PARTITION_UNAVAILABLE (11), KEY_BUSY (14),
    /// DEVICE_OVERLOAD (18), CLUSTER_KEY_MISMATCH (7).
    case retry
    /// Refused for good (any other code); counted as failed.
    case failed

    /// Classifies an Aerospike result code.
    public static func classify(resultCode code: UInt8) -> WriteOutcome {
        switch code {
        case 0: return .written
        case 3, 5: return .skippedExisting
        case 7, 9, 11, 14, 18: return .retry
        default: return .failed
        }
    }
}

/// Exponential backoff for retried writes: 50 ms, 100 ms, 200 ms … capped at 2 s, at most ``maxAttempts`` tries.
public struct WriteBackoff: Sendable, Equatable {
    public var maxAttempts: Int
    public var initialMilliseconds: Int
    public var capMilliseconds: Int

    public init(maxAttempts: Int = 6, initialMilliseconds: Int = 50, capMilliseconds: Int = 2_000) {
        self.maxAttempts = maxAttempts
        self.initialMilliseconds = initialMilliseconds
        self.capMilliseconds = capMilliseconds
    }

    /// The pause before try number `attempt + 1` (attempt counts from 1), or nil when no try is left.
    public func delay(afterAttempt attempt: Int) -> Int? {
        guard attempt < maxAttempts else { return nil }
        let shift = min(attempt - 1, 20)
        return min(capMilliseconds, initialMilliseconds << shift)
    }
}
