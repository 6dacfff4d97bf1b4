import Synchronization

/// The first TLS error of a connection, readable from any thread: a write that fails because the node
/// closed the socket after a TLS alert reports the alert's meaning instead of "write failed".
final class TLSErrorSlot: Sendable {
    private let stored = Mutex<WireError?>(nil)

    /// The first error recorded, if any.
    var error: WireError? { stored.withLock { $0 } }

    func record(_ error: WireError) {
        stored.withLock { if $0 == nil { $0 = error } }
    }
}
