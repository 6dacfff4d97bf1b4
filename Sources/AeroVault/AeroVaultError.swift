/// The error type thrown by the AeroVault engines (restore, verify, demo).
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
