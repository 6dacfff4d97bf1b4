/// msgpack encoding and decoding of ``FilterExpression`` (SPEC.md §12.5).
extension FilterExpression {
    /// The expression as field-43 data.
    public func encode() -> [UInt8] {
        var w = MsgPack.Writer()
        write(to: &w)
        return w.bytes
    }

    /// The expression as a FILTER_EXP field.
    public var field: Field { Field(type: .filterExp, data: encode()) }

    private func writeOp(_ w: inout MsgPack.Writer, _ code: Int64, _ args: [FilterExpression]) {
        w.writeArrayHeader(args.count + 1)
        w.write(code)
        for a in args { a.write(to: &w) }
    }

    func write(to w: inout MsgPack.Writer) {
        switch self {
        case .lastUpdate: writeOp(&w, OpCode.lastUpdate, [])
        case .voidTime: writeOp(&w, OpCode.voidTime, [])
        case .sinceUpdate: writeOp(&w, OpCode.sinceUpdate, [])
        case .ttl: writeOp(&w, OpCode.ttl, [])
        case .setName: writeOp(&w, OpCode.setName, [])
        case .keyExists: writeOp(&w, OpCode.keyExists, [])
        case .isTombstone: writeOp(&w, OpCode.isTombstone, [])
        case .recordSize: writeOp(&w, OpCode.recordSize, [])
        case .digestModulo(let m): writeOp(&w, OpCode.digestModulo, [.int(m)])
        case .int(let v): w.write(v)
        case .double(let d): w.write(d)
        case .string(let s): w.write(s)
        case .bool(let b): w.write(b)
        case .blob(let b): w.writeBlob(b)
        case .bin(let name, let type):
            w.writeArrayHeader(3)
            w.write(OpCode.bin)
            w.write(type.rawValue)
            w.writeRawString(Array(name.utf8))
        case .binType(let name):
            w.writeArrayHeader(2)
            w.write(OpCode.binType)
            w.writeRawString(Array(name.utf8))
        case .eq(let a, let b): writeOp(&w, OpCode.eq, [a, b])
        case .ne(let a, let b): writeOp(&w, OpCode.ne, [a, b])
        case .gt(let a, let b): writeOp(&w, OpCode.gt, [a, b])
        case .ge(let a, let b): writeOp(&w, OpCode.ge, [a, b])
        case .lt(let a, let b): writeOp(&w, OpCode.lt, [a, b])
        case .le(let a, let b): writeOp(&w, OpCode.le, [a, b])
        case .and(let xs): writeOp(&w, OpCode.and, xs)
        case .or(let xs): writeOp(&w, OpCode.or, xs)
        case .not(let x): writeOp(&w, OpCode.not, [x])
        case .encoded(let bytes): w.writeRaw(bytes)
        }
    }

    /// An expression given in wire form (field-43 data), kept as is so operations this type does not
    /// model reach the server; it can still be combined with `and`/`or`.
    /// - Throws: ``WireError/Code/malformed`` unless `bytes` is exactly one msgpack value.
    public static func encoded(wire bytes: [UInt8]) throws -> FilterExpression {
        var r = MsgPack.Reader(bytes)
        _ = try r.readElement()
        guard r.isAtEnd else { throw WireError.malformed("trailing bytes after filter expression") }
        return .encoded(bytes)
    }

    /// Decodes field-43 data.
    /// - Throws: ``WireError/Code/malformed`` for bad msgpack, trailing bytes, or an op code/arity this type
    ///   does not model.
    public static func decode(_ bytes: [UInt8]) throws -> FilterExpression {
        var r = MsgPack.Reader(bytes)
        let element = try r.readElement()
        guard r.isAtEnd else { throw WireError.malformed("trailing bytes after filter expression") }
        return try FilterExpression(element: element)
    }

    /// Builds an expression from a decoded msgpack tree.
    public init(element: MsgPack.Element) throws {
        switch element {
        case .int(let v): self = .int(v)
        case .uint(let v):
            guard v <= UInt64(Int64.max) else { throw WireError.malformed("expression integer \(v) exceeds Int64") }
            self = .int(Int64(v))
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .bool(let b): self = .bool(b)
        case .blob(let b): self = .blob(b)
        case .array(let items): self = try Self.operation(items)
        default: throw WireError.malformed("unsupported expression literal \(element)")
        }
    }

    private static func name(_ e: MsgPack.Element) throws -> String {
        let bytes: [UInt8]
        switch e {
        case .rawString(let b): bytes = b
        case .string(let s): bytes = [ParticleType.string.rawValue] + Array(s.utf8)
        case .blob(let b): bytes = [ParticleType.blob.rawValue] + b
        default: throw WireError.malformed("expression bin name is not a string")
        }
        guard let s = String(validating: bytes, as: UTF8.self) else {
            throw WireError.malformed("expression bin name is not UTF-8")
        }
        return s
    }

    private static func operation(_ items: [MsgPack.Element]) throws -> FilterExpression {
        guard let first = items.first, case .int(let code) = first else {
            throw WireError.malformed("expression array does not start with an op code")
        }
        let args = Array(items.dropFirst())
        func arity(_ n: Int) throws {
            guard args.count == n else {
                throw WireError.malformed("expression op \(code) takes \(n) arguments, got \(args.count)")
            }
        }
        func sub(_ i: Int) throws -> FilterExpression { try FilterExpression(element: args[i]) }
        switch code {
        case OpCode.lastUpdate: try arity(0); return .lastUpdate
        case OpCode.voidTime: try arity(0); return .voidTime
        case OpCode.sinceUpdate: try arity(0); return .sinceUpdate
        case OpCode.ttl: try arity(0); return .ttl
        case OpCode.setName: try arity(0); return .setName
        case OpCode.keyExists: try arity(0); return .keyExists
        case OpCode.isTombstone: try arity(0); return .isTombstone
        case OpCode.recordSize: try arity(0); return .recordSize
        case OpCode.digestModulo:
            try arity(1)
            guard case .int(let m) = try sub(0) else { throw WireError.malformed("DIGEST_MOD needs an integer") }
            return .digestModulo(m)
        case OpCode.bin:
            try arity(2)
            guard case .int(let t) = args[0] else { throw WireError.malformed("BIN type is not an integer") }
            return .bin(try name(args[1]), ExpType(rawValue: t))
        case OpCode.binType:
            try arity(1)
            return .binType(try name(args[0]))
        case OpCode.eq: try arity(2); return .eq(try sub(0), try sub(1))
        case OpCode.ne: try arity(2); return .ne(try sub(0), try sub(1))
        case OpCode.gt: try arity(2); return .gt(try sub(0), try sub(1))
        case OpCode.ge: try arity(2); return .ge(try sub(0), try sub(1))
        case OpCode.lt: try arity(2); return .lt(try sub(0), try sub(1))
        case OpCode.le: try arity(2); return .le(try sub(0), try sub(1))
        case OpCode.and: return .and(try args.indices.map(sub))
        case OpCode.or: return .or(try args.indices.map(sub))
        case OpCode.not: try arity(1); return .not(try sub(0))
        default: throw WireError.malformed("unsupported expression op code \(code)")
        }
    }
}
