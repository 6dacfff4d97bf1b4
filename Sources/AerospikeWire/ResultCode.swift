/// A one-byte Aerospike result code (SPEC.md §12.10). Unknown values are kept as-is.
public struct ResultCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    public static let ok = ResultCode(0)
    public static let serverError = ResultCode(1)
    public static let keyNotFound = ResultCode(2)
    public static let generationError = ResultCode(3)
    public static let parameterError = ResultCode(4)
    public static let keyExists = ResultCode(5)
    public static let binExists = ResultCode(6)
    public static let clusterKeyMismatch = ResultCode(7)
    public static let serverMemError = ResultCode(8)
    public static let timeout = ResultCode(9)
    public static let alwaysForbidden = ResultCode(10)
    public static let partitionUnavailable = ResultCode(11)
    public static let binTypeError = ResultCode(12)
    public static let recordTooBig = ResultCode(13)
    public static let keyBusy = ResultCode(14)
    public static let scanAbort = ResultCode(15)
    public static let unsupportedFeature = ResultCode(16)
    public static let binNotFound = ResultCode(17)
    public static let deviceOverload = ResultCode(18)
    public static let keyMismatch = ResultCode(19)
    public static let invalidNamespace = ResultCode(20)
    public static let binNameTooLong = ResultCode(21)
    public static let forbidden = ResultCode(22)
    public static let elementNotFound = ResultCode(23)
    public static let elementExists = ResultCode(24)
    public static let enterpriseOnly = ResultCode(25)
    public static let opNotApplicable = ResultCode(26)
    public static let filteredOut = ResultCode(27)
    public static let lostConflict = ResultCode(28)
    public static let xdrKeyBusy = ResultCode(32)
    public static let queryEnd = ResultCode(50)
    public static let securityNotSupported = ResultCode(51)
    public static let securityNotEnabled = ResultCode(52)
    public static let securitySchemeNotSupported = ResultCode(53)
    public static let invalidCommand = ResultCode(54)
    public static let invalidField = ResultCode(55)
    public static let illegalState = ResultCode(56)
    public static let invalidUser = ResultCode(60)
    public static let userAlreadyExists = ResultCode(61)
    public static let invalidPassword = ResultCode(62)
    public static let expiredPassword = ResultCode(63)
    public static let forbiddenPassword = ResultCode(64)
    public static let invalidCredential = ResultCode(65)
    public static let expiredSession = ResultCode(66)
    public static let invalidRole = ResultCode(70)
    public static let roleAlreadyExists = ResultCode(71)
    public static let invalidPrivilege = ResultCode(72)
    public static let invalidWhitelist = ResultCode(73)
    public static let quotasNotEnabled = ResultCode(74)
    public static let invalidQuota = ResultCode(75)
    public static let notAuthenticated = ResultCode(80)
    public static let roleViolation = ResultCode(81)
    public static let notWhitelisted = ResultCode(82)
    public static let quotaExceeded = ResultCode(83)
    public static let udfBadResponse = ResultCode(100)
    public static let batchDisabled = ResultCode(150)
    public static let batchMaxRequestsExceeded = ResultCode(151)
    public static let batchQueuesFull = ResultCode(152)
    public static let geoInvalidGeoJSON = ResultCode(160)
    public static let indexFound = ResultCode(200)
    public static let indexNotFound = ResultCode(201)

    private static let names: [UInt8: String] = [
        0: "OK", 1: "SERVER_ERROR", 2: "KEY_NOT_FOUND_ERROR", 3: "GENERATION_ERROR", 4: "PARAMETER_ERROR",
        5: "KEY_EXISTS_ERROR", 6: "BIN_EXISTS_ERROR", 7: "CLUSTER_KEY_MISMATCH", 8: "SERVER_MEM_ERROR",
        9: "TIMEOUT", 10: "ALWAYS_FORBIDDEN", 11: "PARTITION_UNAVAILABLE", 12: "BIN_TYPE_ERROR",
        13: "RECORD_TOO_BIG", 14: "KEY_BUSY", 15: "SCAN_ABORT", 16: "UNSUPPORTED_FEATURE", 17: "BIN_NOT_FOUND",
        18: "DEVICE_OVERLOAD", 19: "KEY_MISMATCH", 20: "INVALID_NAMESPACE", 21: "BIN_NAME_TOO_LONG",
        22: "FAIL_FORBIDDEN", 23: "FAIL_ELEMENT_NOT_FOUND", 24: "FAIL_ELEMENT_EXISTS", 25: "ENTERPRISE_ONLY",
        26: "OP_NOT_APPLICABLE", 27: "FILTERED_OUT", 28: "LOST_CONFLICT", 32: "XDR_KEY_BUSY", 50: "QUERY_END",
        51: "SECURITY_NOT_SUPPORTED", 52: "SECURITY_NOT_ENABLED", 53: "SECURITY_SCHEME_NOT_SUPPORTED",
        54: "INVALID_COMMAND", 55: "INVALID_FIELD", 56: "ILLEGAL_STATE", 60: "INVALID_USER",
        61: "USER_ALREADY_EXISTS", 62: "INVALID_PASSWORD", 63: "EXPIRED_PASSWORD", 64: "FORBIDDEN_PASSWORD",
        65: "INVALID_CREDENTIAL", 66: "EXPIRED_SESSION", 70: "INVALID_ROLE", 71: "ROLE_ALREADY_EXISTS",
        72: "INVALID_PRIVILEGE", 73: "INVALID_WHITELIST", 74: "QUOTAS_NOT_ENABLED", 75: "INVALID_QUOTA",
        80: "NOT_AUTHENTICATED", 81: "ROLE_VIOLATION", 82: "NOT_WHITELISTED", 83: "QUOTA_EXCEEDED",
        90: "INVALID_LDAP", 91: "LDAP_NOT_ENABLED", 92: "LDAP_UNKNOWN_SERVER", 93: "LDAP_USER_ERROR",
        94: "LDAP_TLS_ERROR", 100: "UDF_BAD_RESPONSE", 120: "MRT_BLOCKED", 121: "MRT_VERSION_MISMATCH",
        122: "MRT_EXPIRED", 123: "MRT_TOO_MANY_WRITES", 124: "MRT_COMMITTED", 125: "MRT_ABORTED",
        126: "MRT_ALREADY_LOCKED", 127: "MRT_MONITOR_EXISTS", 150: "BATCH_DISABLED",
        151: "BATCH_MAX_REQUESTS_EXCEEDED", 152: "BATCH_QUEUES_FULL", 160: "GEO_INVALID_GEOJSON",
        200: "INDEX_FOUND", 201: "INDEX_NOTFOUND", 202: "INDEX_OOM", 203: "INDEX_NOTREADABLE",
        204: "INDEX_GENERIC", 205: "INDEX_NAME_MAXLEN", 206: "INDEX_MAXCOUNT",
    ]

    /// The client-side name (Go client spelling), or `UNKNOWN_<n>`.
    public var name: String { Self.names[rawValue] ?? "UNKNOWN_\(rawValue)" }

    public var description: String { "\(rawValue) \(name)" }

    /// Codes a client retries (after backoff and, for 7/11, a partition-map refresh).
    public var isRetryable: Bool {
        [.clusterKeyMismatch, .timeout, .partitionUnavailable, .keyBusy, .deviceOverload].contains(self)
    }
}
