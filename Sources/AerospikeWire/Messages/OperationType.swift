/// AS_MSG operation type byte (SPEC.md §12.2).
public struct OperationType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let read = OperationType(rawValue: 1)
    public static let write = OperationType(rawValue: 2)
    public static let cdtRead = OperationType(rawValue: 3)
    public static let cdtModify = OperationType(rawValue: 4)
    public static let add = OperationType(rawValue: 5)
    public static let expRead = OperationType(rawValue: 7)
    public static let expModify = OperationType(rawValue: 8)
    public static let append = OperationType(rawValue: 9)
    public static let prepend = OperationType(rawValue: 10)
    public static let touch = OperationType(rawValue: 11)
    public static let bitRead = OperationType(rawValue: 12)
    public static let bitModify = OperationType(rawValue: 13)
    public static let delete = OperationType(rawValue: 14)
    public static let hllRead = OperationType(rawValue: 15)
    public static let hllModify = OperationType(rawValue: 16)

    private static let names: [UInt8: String] = [
        1: "READ", 2: "WRITE", 3: "CDT_READ", 4: "CDT_MODIFY", 5: "ADD", 7: "EXP_READ", 8: "EXP_MODIFY",
        9: "APPEND", 10: "PREPEND", 11: "TOUCH", 12: "BIT_READ", 13: "BIT_MODIFY", 14: "DELETE",
        15: "HLL_READ", 16: "HLL_MODIFY",
    ]

    /// Protocol name of the operation type.
    public var name: String { Self.names[rawValue] ?? "OP_\(rawValue)" }
    public var description: String { name }
}
