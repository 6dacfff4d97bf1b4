/// A filter expression (field 43, SPEC.md §12.5): a tree the client encodes and the simulator decodes and
/// evaluates. Covers metadata, literals, bin reads, comparisons and boolean logic.
public indirect enum FilterExpression: Equatable, Sendable {
    /// Expression value types (`[81, type, name]` bin reads).
    public struct ExpType: RawRepresentable, Hashable, Sendable {
        public var rawValue: Int64
        public init(rawValue: Int64) { self.rawValue = rawValue }
        public static let `nil` = ExpType(rawValue: 0)
        public static let bool = ExpType(rawValue: 1)
        public static let int = ExpType(rawValue: 2)
        public static let string = ExpType(rawValue: 3)
        public static let list = ExpType(rawValue: 4)
        public static let map = ExpType(rawValue: 5)
        public static let blob = ExpType(rawValue: 6)
        public static let float = ExpType(rawValue: 7)
        public static let geo = ExpType(rawValue: 8)
        public static let hll = ExpType(rawValue: 9)
    }

    /// Last-update time, int64 ns since the Unix epoch.
    case lastUpdate
    /// Expiry, int64 ns since the Unix epoch; −1 if the record never expires.
    case voidTime
    /// Milliseconds since the last update.
    case sinceUpdate
    /// Remaining seconds to live.
    case ttl
    case setName
    case keyExists
    case isTombstone
    case recordSize
    /// `digest` modulo the argument (`[64, mod]`).
    case digestModulo(Int64)
    case int(Int64)
    case double(Double)
    case string(String)
    case bool(Bool)
    case blob([UInt8])
    /// Value of a bin read as the given type.
    case bin(String, ExpType)
    /// The particle type of a bin.
    case binType(String)
    case eq(FilterExpression, FilterExpression)
    case ne(FilterExpression, FilterExpression)
    case gt(FilterExpression, FilterExpression)
    case ge(FilterExpression, FilterExpression)
    case lt(FilterExpression, FilterExpression)
    case le(FilterExpression, FilterExpression)
    case and([FilterExpression])
    case or([FilterExpression])
    case not(FilterExpression)
    /// An expression already in wire form, sent as is (asbackup's `--filter-exp`, SPEC.md §12.5): made
    /// by ``encoded(wire:)``, which checks it is one msgpack value.
    case encoded([UInt8])

    /// Integer bin value.
    public static func binInt(_ name: String) -> FilterExpression { .bin(name, .int) }
    /// String bin value.
    public static func binString(_ name: String) -> FilterExpression { .bin(name, .string) }
    /// Blob bin value.
    public static func binBlob(_ name: String) -> FilterExpression { .bin(name, .blob) }
    /// Float bin value.
    public static func binFloat(_ name: String) -> FilterExpression { .bin(name, .float) }

    /// Expression op codes (server `exp.c`).
    public enum OpCode {
        public static let eq: Int64 = 1
        public static let ne: Int64 = 2
        public static let gt: Int64 = 3
        public static let ge: Int64 = 4
        public static let lt: Int64 = 5
        public static let le: Int64 = 6
        public static let and: Int64 = 16
        public static let or: Int64 = 17
        public static let not: Int64 = 18
        public static let digestModulo: Int64 = 64
        public static let lastUpdate: Int64 = 66
        public static let sinceUpdate: Int64 = 67
        public static let voidTime: Int64 = 68
        public static let ttl: Int64 = 69
        public static let setName: Int64 = 70
        public static let keyExists: Int64 = 71
        public static let isTombstone: Int64 = 72
        public static let recordSize: Int64 = 74
        public static let bin: Int64 = 81
        public static let binType: Int64 = 82
    }

    /// "Modified at or after `from` and before `until`" (Unix nanoseconds), the incremental-backup filter.
    public static func lastUpdate(from: Int64?, until: Int64?) -> FilterExpression? {
        var parts: [FilterExpression] = []
        if let from { parts.append(.ge(.lastUpdate, .int(from))) }
        if let until { parts.append(.lt(.lastUpdate, .int(until))) }
        switch parts.count {
        case 0: return nil
        case 1: return parts[0]
        default: return .and(parts)
        }
    }
}
