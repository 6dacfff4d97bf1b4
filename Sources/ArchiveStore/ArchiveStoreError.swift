/// The one error type thrown by ArchiveStore.
///
/// `code` says what kind of failure it is (the CLI maps it to an exit status, SPEC.md §"Exit codes");
/// `message` says what happened and what to do; `cause` keeps an underlying error if any.
public struct ArchiveStoreError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A file, key or object that should exist does not.
        public static let notFound = Code("notFound")
        /// Authentication, hash or structure check failed: data was damaged or tampered with. Never retried.
        public static let corrupted = Code("corrupted")
        /// No key file opens with the given password.
        public static let wrongPassword = Code("wrongPassword")
        /// There is no repository at the given location.
        public static let noRepository = Code("noRepository")
        /// A conflicting lock is held.
        public static let locked = Code("locked")
        /// A format version this build cannot read or write.
        public static let unsupportedFormatVersion = Code("unsupportedFormatVersion")
        /// Caller passed an invalid argument or parameter.
        public static let invalidArgument = Code("invalidArgument")
        /// Input/output failure from the backend (disk, network).
        public static let io = Code("io")
        /// A library call (libsodium, libzstd) failed unexpectedly.
        public static let internalError = Code("internalError")
        /// The operation is refused (e.g. removing the last key).
        public static let refused = Code("refused")
        /// The role of the key that opened the repository does not permit the operation (SPEC.md §3 "Roles").
        public static let roleRefused = Code("roleRefused")
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
