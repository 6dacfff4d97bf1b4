import AerospikeWire
import ArchiveStore

/// One planned record on its way to the cluster, tagged with its partition for the accounting.
struct QueuedWrite: Sendable {
    /// A record that could not be encoded (a bin name the server would refuse …): answered as
    /// failed without being sent.
    struct Rejection: Error {
        var digest: [UInt8]
        var set: String?
        var message: String
    }

    var partition: Int
    /// The encoded row, or why the record cannot be written.
    var row: Result<BatchWriteRow, Rejection>
    /// Plaintext bytes of the bins written, for the byte count.
    var binBytes: Int
    /// The node the row goes to (``RestoreTarget/writeRoute(namespace:partition:)``); a batch takes
    /// rows of one route.
    var route: String?
    /// Set once the row was answered transiently and put back in the queue to be sent again.
    var retry: Retry?
    /// The restore clock's Unix second the record was planned at (its TTL computed against): see
    /// ``rowToSend(at:)``. No default: a forgotten 0 would cut every TTL to 1 s.
    var planned: Int64

    /// A row waiting to be sent again (SPEC.md §14 "restore", "Retries and overload").
    struct Retry: Sendable {
        /// Transient answers so far.
        var attempts: Int
        var firstFailure: ContinuousClock.Instant
        /// Not taken from the queue before this.
        var notBefore: ContinuousClock.Instant
        /// An earlier attempt may have been applied (``WriteRowResult/inDoubt``).
        var inDoubt: Bool
    }

    /// The row as sent at `now` (nil for a rejected one): a relative TTL is shortened by the whole
    /// seconds since the record was planned, so time spent in the queue, throttled or waiting for a
    /// retry never moves the expiry moment it was planned with (at least 1 s; SPEC.md §14 "restore").
    /// - Parameter now: the restore clock's Unix second (the clock the TTL was planned with).
    func rowToSend(at now: Int64) -> BatchWriteRow? {
        guard case .success(let encoded) = row else { return nil }
        let ttl = encoded.ttl
        let elapsed = now - planned
        guard ttl != 0, ttl < 0xFFFF_FFFE, elapsed >= 1 else { return encoded }
        return encoded.with(ttl: UInt32(max(1, Int64(ttl) - elapsed)))
    }
}

extension QueuedWrite {
    /// The record's digest and set, for failure reports (decodes the row: failures only).
    var digest: [UInt8] {
        switch row {
        case .success(let row): return row.digest
        case .failure(let rejection): return rejection.digest
        }
    }

    var set: String? {
        switch row {
        case .success(let row): return (try? row.attributes())?.fields.first { $0.type == .setName }?.stringValue
        case .failure(let rejection): return rejection.set
        }
    }
}
