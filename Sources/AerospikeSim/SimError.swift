/// The error type of the simulator's Swift API (configuration, lifecycle, seeding).
///
/// Wire-level failures are never thrown to callers: they become result codes in replies.
public struct SimError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidConfig, unknownNamespace, unknownNode, notRunning, alreadyRunning, bindFailed
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A setting in ``SimConfig`` or a CLI option is invalid.
        public static let invalidConfig = Code(.invalidConfig)
        /// The namespace is not configured.
        public static let unknownNamespace = Code(.unknownNamespace)
        /// The node index is out of range.
        public static let unknownNode = Code(.unknownNode)
        /// The cluster has not been started (or was stopped).
        public static let notRunning = Code(.notRunning)
        /// `start()` was called twice.
        public static let alreadyRunning = Code(.alreadyRunning)
        /// A listening socket could not be opened.
        public static let bindFailed = Code(.bindFailed)

        public var description: String { base.rawValue }
    }

    /// The failure kind.
    public var code: Code
    /// What happened and what to do about it.
    public var message: String
    /// The underlying error, if any.
    public var cause: (any Error)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String {
        if let cause { return "\(message) (\(code): \(cause))" }
        return "\(message) (\(code))"
    }
}
