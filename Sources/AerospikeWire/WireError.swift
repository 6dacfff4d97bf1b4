/// The one error type thrown by AerospikeWire.
///
/// `code` says what kind of failure happened (a server result code is preserved numerically in
/// ``Code/server(_:)``), `message` says what happened and, where possible, what to do.
public struct WireError: Error, Sendable, CustomStringConvertible {
    /// An extensible error category.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: Hashable, Sendable {
            case server(ResultCode)
            case timeout
            case connection
            case malformed
            case notAuthenticated
            case clusterNameMismatch
            case noNodes
            case invalidArgument
            case incomplete
            case closed
            case tls
        }

        let base: Base

        /// The server answered with a non-zero result code.
        public static func server(_ code: ResultCode) -> Code { Code(base: .server(code)) }
        /// A socket or command timed out.
        public static let timeout = Code(base: .timeout)
        /// A socket could not be opened, or it failed mid-command.
        public static let connection = Code(base: .connection)
        /// Bytes on the wire do not follow the protocol (bad header, truncated field, bad msgpack …).
        public static let malformed = Code(base: .malformed)
        /// Login or authentication was refused (bad user/password, expired session).
        public static let notAuthenticated = Code(base: .notAuthenticated)
        /// A node reported a different cluster name than configured.
        public static let clusterNameMismatch = Code(base: .clusterNameMismatch)
        /// No node of the cluster could be reached, or no node owns a partition.
        public static let noNodes = Code(base: .noNodes)
        /// The caller passed an argument the protocol cannot carry (bin name too long …).
        public static let invalidArgument = Code(base: .invalidArgument)
        /// A multi-round operation (scan) gave up before all partitions were complete.
        public static let incomplete = Code(base: .incomplete)
        /// The cluster or connection was closed.
        public static let closed = Code(base: .closed)
        /// TLS could not be set up: unreadable or invalid CA/certificate/key file, untrusted server certificate,
        /// TLS name mismatch, missing client certificate, or TLS spoken against a plaintext port (or the reverse).
        /// Never retried: it is a configuration problem.
        public static let tls = Code(base: .tls)

        /// The server result code, if this error came from the server.
        public var resultCode: ResultCode? {
            if case .server(let rc) = base { return rc }
            return nil
        }

        public var description: String {
            switch base {
            case .server(let rc): return "server(\(rc))"
            case .timeout: return "timeout"
            case .connection: return "connection"
            case .malformed: return "malformed"
            case .notAuthenticated: return "notAuthenticated"
            case .clusterNameMismatch: return "clusterNameMismatch"
            case .noNodes: return "noNodes"
            case .invalidArgument: return "invalidArgument"
            case .incomplete: return "incomplete"
            case .closed: return "closed"
            case .tls: return "tls"
            }
        }
    }

    /// What kind of failure this is.
    public var code: Code
    /// A human-readable explanation.
    public var message: String
    /// The underlying error, if any (e.g. a NIO channel error).
    public var cause: (any Error)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// Shorthand for a ``Code/malformed`` error.
    static func malformed(_ message: String) -> WireError { WireError(.malformed, message) }

    /// Shorthand for a server result-code error.
    static func server(_ rc: ResultCode, _ context: String) -> WireError {
        WireError(.server(rc), "\(context): server returned \(rc)")
    }

    /// True for failures worth retrying on a fresh connection / refreshed partition map.
    public var isTransient: Bool {
        switch code.base {
        case .timeout, .connection: return true
        case .server(let rc): return rc.isRetryable
        default: return false
        }
    }

    /// True when the server refused the socket's session (80 NOT_AUTHENTICATED, 66 EXPIRED_SESSION): the
    /// command is retried on a fresh connection after logging in again.
    public var isSessionExpired: Bool {
        code == .server(.notAuthenticated) || code == .server(.expiredSession)
    }

    public var description: String {
        var s = "AerospikeWire error [\(code)]: \(message)"
        if let cause { s += " (cause: \(cause))" }
        return s
    }
}
