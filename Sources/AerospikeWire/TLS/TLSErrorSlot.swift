import Foundation

/// The first TLS error of a connection, readable from any thread: a write that fails because the node
/// closed the socket after a TLS alert reports the alert's meaning instead of "write failed".
final class TLSErrorSlot: @unchecked Sendable {  // safe: `stored` is only touched under `lock`
    private let lock = NSLock()
    private var stored: WireError?

    /// The first error recorded, if any.
    var error: WireError? { lock.withLock { stored } }

    func record(_ error: WireError) {
        lock.withLock { if stored == nil { stored = error } }
    }
}
