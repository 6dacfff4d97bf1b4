/// The one error type thrown by the AeroVault engines (backup, restore, verify, demo).
///
/// `code` says what kind of failure it is (the CLI maps it to an exit status, SPEC.md §14);
/// `message` says what happened and what to do; `cause` keeps an underlying error if any.
public struct AeroVaultError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure: an enum, so the CLI's one exit-code map (`ExitStatus`) names every case.
    public enum Code: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
        /// A command-line or API argument is invalid.
        case invalidArgument
        /// The snapshot, namespace or partition asked for does not exist.
        case notFound
        /// Stored data failed an integrity check; nothing damaged was written.
        case corrupted
        /// Some records could not be written (see the summary).
        case recordsFailed
        /// Some partitions could not be restored or verified (see the summary).
        case partitionsFailed
        /// Verify found differences between the snapshot and the cluster.
        case mismatch
        /// The cluster could not be reached or answered with an error.
        case cluster
        /// No seed host answered.
        case clusterUnreachable
        /// The cluster rejected the user name or password.
        case authentication
        /// The cluster user lacks a permission the command needs (ROLE_VIOLATION).
        case permission
        /// The namespace does not exist on the cluster.
        case namespaceNotFound
        /// A scan failed after its retries.
        case scanFailed
        /// Local temporary files could not be written or read.
        case io
        /// The operation was cancelled; for a backup, a checkpoint lets a rerun continue.
        case cancelled

        public var description: String { rawValue }
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
