/// How restore counts the final answer to one record write (SPEC.md §14 "restore").
///
/// Transient codes (TIMEOUT 9, PARTITION_UNAVAILABLE 11, KEY_BUSY 14, DEVICE_OVERLOAD 18,
/// CLUSTER_KEY_MISMATCH 7) are retried with backoff by the client's batch writer before an answer
/// reaches this classification, so any code left here is final.
public enum WriteOutcome: Sendable, Equatable {
    /// Written (result 0).
    case written
    /// Left alone because the target already has it: KEY_EXISTS (5) under `--unique`, or
    /// GENERATION_ERROR (3) when the target's generation is not older than the backup's.
    case skippedExisting
    /// Refused for good (any other code, or no answer after all retries); counted as failed.
    case failed

    /// Classifies an Aerospike result code; nil (a client-side failure) counts as failed.
    ///
    /// `inDoubt`: an earlier attempt of the row was sent and its node died before answering, so the
    /// target most likely holds this restore's own write and a retry's GENERATION_ERROR / KEY_EXISTS
    /// refuses that write: the row counts as written. (Only a record that already existed, not older
    /// than the backup's, whose node dies during the first attempt is then miscounted as written.)
    public static func classify(resultCode code: UInt8?, inDoubt: Bool = false) -> WriteOutcome {
        switch code {
        case 0: return .written
        case 3, 5: return inDoubt ? .written : .skippedExisting
        default: return .failed
        }
    }
}
