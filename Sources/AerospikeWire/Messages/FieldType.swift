/// AS_MSG field type byte (SPEC.md §12.2). Unknown values are kept.
public struct FieldType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let namespace = FieldType(rawValue: 0)
    public static let setName = FieldType(rawValue: 1)
    public static let key = FieldType(rawValue: 2)
    public static let recordVersion = FieldType(rawValue: 3)
    public static let digest = FieldType(rawValue: 4)
    public static let mrtID = FieldType(rawValue: 5)
    public static let mrtDeadline = FieldType(rawValue: 6)
    public static let taskID = FieldType(rawValue: 7)
    public static let socketTimeout = FieldType(rawValue: 9)
    public static let recordsPerSecond = FieldType(rawValue: 10)
    public static let pidArray = FieldType(rawValue: 11)
    public static let digestArray = FieldType(rawValue: 12)
    public static let maxRecords = FieldType(rawValue: 13)
    public static let bvalArray = FieldType(rawValue: 15)
    public static let indexName = FieldType(rawValue: 21)
    public static let indexRange = FieldType(rawValue: 22)
    public static let indexContext = FieldType(rawValue: 23)
    public static let indexType = FieldType(rawValue: 26)
    public static let udfPackageName = FieldType(rawValue: 30)
    public static let udfFunction = FieldType(rawValue: 31)
    public static let udfArgList = FieldType(rawValue: 32)
    public static let udfOp = FieldType(rawValue: 33)
    public static let batchIndex = FieldType(rawValue: 41)
    public static let batchIndexWithSet = FieldType(rawValue: 42)
    public static let filterExp = FieldType(rawValue: 43)

    private static let names: [UInt8: String] = [
        0: "NAMESPACE", 1: "SET", 2: "KEY", 3: "RECORD_VERSION", 4: "DIGEST", 5: "MRT_ID", 6: "MRT_DEADLINE",
        7: "TASK_ID", 9: "SOCKET_TIMEOUT", 10: "RECS_PER_SEC", 11: "PID_ARRAY", 12: "DIGEST_ARRAY",
        13: "MAX_RECORDS", 15: "BVAL_ARRAY", 21: "INDEX_NAME", 22: "INDEX_RANGE", 23: "INDEX_CONTEXT",
        26: "INDEX_TYPE", 30: "UDF_PACKAGE_NAME", 31: "UDF_FUNCTION", 32: "UDF_ARGLIST", 33: "UDF_OP",
        41: "BATCH_INDEX", 42: "BATCH_INDEX_WITH_SET", 43: "FILTER_EXP",
    ]

    /// Protocol name of the field type.
    public var name: String { Self.names[rawValue] ?? "FIELD_\(rawValue)" }
    public var description: String { name }
}

