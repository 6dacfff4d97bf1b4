import AerospikeWire

/// Evaluates a decoded filter expression against a stored record (SPEC.md §13 "Filter expressions").
///
/// Supported: literals, bin reads, record metadata (last-update/void time in Unix nanoseconds,
/// since-update in ms, TTL in seconds, set name, key-exists, tombstone, record size, digest modulo),
/// comparisons and AND/OR/NOT. Anything else is rejected when the expression is decoded (result 4
/// PARAMETER_ERROR, as the real server does for expressions it cannot build). A comparison whose
/// operand is unknown (missing bin, mismatched types) is false.
struct ExpressionEvaluator {
    /// The record's last-update and void times are evaluated against this clock reading.
    let nowMs: UInt64

    /// A value produced while evaluating.
    enum Value: Equatable {
        case int(Int64)
        case double(Double)
        case string(String)
        case bool(Bool)
        case blob([UInt8])
        case unknown
    }

    /// Whether the record passes the filter.
    func matches(_ expression: FilterExpression, _ record: SimRecord) -> Bool {
        evaluate(expression, record) == .bool(true)
    }

    func evaluate(_ e: FilterExpression, _ r: SimRecord) -> Value {
        switch e {
        case .int(let v): return .int(v)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .blob(let b): return .blob(b)
        case .lastUpdate: return .int(Int64(clamping: r.lastUpdateMs) &* 1_000_000)
        case .sinceUpdate: return .int(nowMs >= r.lastUpdateMs ? Int64(clamping: nowMs - r.lastUpdateMs) : 0)
        case .voidTime:
            guard r.voidTime != 0 else { return .int(-1) }
            return .int((Int64(r.voidTime) + CitrusleafEpoch.unixSeconds) &* 1_000_000_000)
        case .ttl:
            guard r.voidTime != 0 else { return .int(-1) }
            let now = SimClock.voidSecond(unixMs: nowMs)
            return .int(r.voidTime > now ? Int64(r.voidTime - now) : 0)
        case .setName: return .string(r.setName ?? "")
        case .keyExists: return .bool(r.userKey != nil)
        case .isTombstone: return .bool(false)
        case .recordSize: return .int(Int64(r.approximateSize))
        case .digestModulo(let m):
            guard m > 0 else { return .unknown }
            // The server reads digest bytes 16..<20 as a little-endian u32.
            let d = r.digest.bytes
            let v = UInt32(d[16]) | UInt32(d[17]) << 8 | UInt32(d[18]) << 16 | UInt32(d[19]) << 24
            return .int(Int64(v) % m)
        case .bin(let name, let type): return binValue(r.bin(name), type: type)
        case .binType(let name): return .int(Int64(r.bin(name)?.particleType ?? 0))
        case .eq(let a, let b): return compare(a, b, r) { $0 == .orderedSame }
        case .ne(let a, let b): return compare(a, b, r) { $0 != .orderedSame }
        case .gt(let a, let b): return compare(a, b, r) { $0 == .orderedDescending }
        case .ge(let a, let b): return compare(a, b, r) { $0 != .orderedAscending }
        case .lt(let a, let b): return compare(a, b, r) { $0 == .orderedAscending }
        case .le(let a, let b): return compare(a, b, r) { $0 != .orderedDescending }
        case .and(let xs):
            for x in xs where evaluate(x, r) != .bool(true) { return .bool(false) }
            return .bool(true)
        case .or(let xs):
            for x in xs where evaluate(x, r) == .bool(true) { return .bool(true) }
            return .bool(false)
        case .not(let x):
            guard case .bool(let b) = evaluate(x, r) else { return .unknown }
            return .bool(!b)
        case .encoded(let bytes):
            // Never produced by decoding a request; evaluated by decoding it now.
            return (try? FilterExpression.decode(bytes)).map { evaluate($0, r) } ?? .unknown
        }
    }

    /// A bin read as the requested expression type; unknown if absent or of another type.
    private func binValue(_ bin: SimBin?, type: FilterExpression.ExpType) -> Value {
        guard let bin else { return .unknown }
        switch (type, bin.particleType) {
        case (.int, SimParticle.integer):
            return bin.integerValue.map(Value.int) ?? .unknown
        case (.float, SimParticle.float):
            guard bin.data.count == 8 else { return .unknown }
            return .double(Double(bitPattern: UInt64(bitPattern: SimParticle.int64(bigEndian: bin.data))))
        case (.string, SimParticle.string): return bin.stringValue.map(Value.string) ?? .unknown
        case (.blob, SimParticle.blob): return .blob(bin.data)
        case (.bool, SimParticle.bool): return bin.data.count == 1 ? .bool(bin.data[0] != 0) : .unknown
        default: return .unknown
        }
    }

    private enum Ordering { case orderedAscending, orderedSame, orderedDescending }

    private func compare(_ a: FilterExpression, _ b: FilterExpression, _ r: SimRecord, _ test: (Ordering) -> Bool) -> Value {
        guard let o = order(evaluate(a, r), evaluate(b, r)) else { return .bool(false) }
        return .bool(test(o))
    }

    private func order(_ x: Value, _ y: Value) -> Ordering? {
        func cmp<T: Comparable>(_ a: T, _ b: T) -> Ordering { a < b ? .orderedAscending : (a == b ? .orderedSame : .orderedDescending) }
        switch (x, y) {
        case (.int(let a), .int(let b)): return cmp(a, b)
        case (.double(let a), .double(let b)): return cmp(a, b)
        case (.string(let a), .string(let b)): return cmp(Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8)) ? 0 : (a == b ? 1 : 2), 1)
        case (.bool(let a), .bool(let b)): return cmp(a ? 1 : 0, b ? 1 : 0)
        case (.blob(let a), .blob(let b)): return cmp(a.lexicographicallyPrecedes(b) ? 0 : (a == b ? 1 : 2), 1)
        default: return nil
        }
    }
}
