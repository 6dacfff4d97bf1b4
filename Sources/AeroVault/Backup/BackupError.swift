/// The error thrown by the backup engine.
///
/// `code` says what kind of failure it is (the CLI maps it to an exit status, SPEC.md §14); `message`
/// says what happened and what to do; `cause` keeps the underlying wire or repository error, if any.
public struct BackupError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// An argument is invalid (bad partition range, time, bin name …).
        public static let invalidArgument = Code("invalidArgument")
        /// No seed host answered.
        public static let clusterUnreachable = Code("clusterUnreachable")
        /// The cluster rejected the user name or password.
        public static let authentication = Code("authentication")
        /// The namespace does not exist on the cluster.
        public static let namespaceNotFound = Code("namespaceNotFound")
        /// A scan failed after its retries.
        public static let scanFailed = Code("scanFailed")
        /// Local temporary files could not be written or read.
        public static let io = Code("io")
        /// A temporary file, checkpoint or parent snapshot failed its integrity check.
        public static let corrupted = Code("corrupted")
        /// The backup was cancelled; a checkpoint lets a rerun continue.
        public static let cancelled = Code("cancelled")
    }

    public var code: Code
    public var message: String
    public var cause: (any Error)?

    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String {
        if let cause { return "\(message) (\(cause))" }
        return message
    }
}
