/// The one error type thrown by the AeroVault engines (backup, restore, verify, demo).
///
/// `code` says what kind of failure it is (the CLI maps it to an exit status, SPEC.md §14);
/// `message` says what happened and what to do; `cause` keeps an underlying error if any.
public struct AeroVaultError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A command-line or API argument is invalid.
        public static let invalidArgument = Code("invalidArgument")
        /// The snapshot, namespace or partition asked for does not exist.
        public static let notFound = Code("notFound")
        /// Stored data failed an integrity check; nothing damaged was written.
        public static let corrupted = Code("corrupted")
        /// Some records could not be written (see the summary).
        public static let recordsFailed = Code("recordsFailed")
        /// Some partitions could not be restored or verified (see the summary).
        public static let partitionsFailed = Code("partitionsFailed")
        /// Verify found differences between the snapshot and the cluster.
        public static let mismatch = Code("mismatch")
        /// The cluster could not be reached or answered with an error.
        public static let cluster = Code("cluster")
        /// No seed host answered.
        public static let clusterUnreachable = Code("clusterUnreachable")
        /// The cluster rejected the user name or password.
        public static let authentication = Code("authentication")
        /// The cluster user lacks a permission the command needs (ROLE_VIOLATION).
        public static let permission = Code("permission")
        /// The namespace does not exist on the cluster.
        public static let namespaceNotFound = Code("namespaceNotFound")
        /// A scan failed after its retries.
        public static let scanFailed = Code("scanFailed")
        /// Local temporary files could not be written or read.
        public static let io = Code("io")
        /// The operation was cancelled; for a backup, a checkpoint lets a rerun continue.
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
