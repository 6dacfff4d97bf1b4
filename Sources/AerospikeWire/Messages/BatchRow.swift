/// One row of a batch-index request (field 41, fact sheet §8).
///
/// Layout: `index(u32 BE) | digest(20) | row flags(1) | [info1 | info2 info3 (0x02) | info4 (0x10) |
/// generation u16 (0x04) | ttl u32 (0x08) | n_fields u16 | n_ops u16 | fields | ops]`;
/// flags 0x01 (REPEAT) means "same as the previous row" and nothing follows the flags byte.
public struct BatchRow: Equatable, Sendable {
    /// Everything a non-repeat row carries after its flags byte.
    public struct Attributes: Equatable, Sendable {
        public var info1: UInt8
        /// info2/info3 travel together (flag 0x02); if either is set both are sent (nil as 0).
        public var info2: UInt8?
        public var info3: UInt8?
        public var info4: UInt8?
        public var generation: UInt16?
        public var ttl: UInt32?
        /// Namespace must be first.
        public var fields: [Field]
        public var operations: [Operation]

        public init(
            info1: UInt8 = 0, info2: UInt8? = nil, info3: UInt8? = nil, info4: UInt8? = nil,
            generation: UInt16? = nil, ttl: UInt32? = nil, fields: [Field] = [], operations: [Operation] = []
        ) {
            self.info1 = info1
            self.info2 = info2
            self.info3 = info3
            self.info4 = info4
            self.generation = generation
            self.ttl = ttl
            self.fields = fields
            self.operations = operations
        }

        var rowFlags: UInt8 {
            var f: UInt8 = 0
            if info2 != nil || info3 != nil { f |= BatchRow.hasInfo }
            if generation != nil { f |= BatchRow.hasGeneration }
            if ttl != nil { f |= BatchRow.hasTTL }
            if info4 != nil { f |= BatchRow.hasInfo4 }
            return f
        }
    }

    public static let repeatFlag: UInt8 = 0x01
    public static let hasInfo: UInt8 = 0x02
    public static let hasGeneration: UInt8 = 0x04
    public static let hasTTL: UInt8 = 0x08
    public static let hasInfo4: UInt8 = 0x10

    /// Caller's position, echoed in the response's transaction_ttl.
    public var index: UInt32
    public var digest: [UInt8]
    /// `nil` = REPEAT the previous row's attributes.
    public var attributes: Attributes?

    public init(index: UInt32, digest: [UInt8], attributes: Attributes?) {
        self.index = index
        self.digest = digest
        self.attributes = attributes
    }

    func encode(into out: inout [UInt8]) {
        out.appendBE(index)
        out += digest.count == Digest.size ? digest : Array((digest + [UInt8](repeating: 0, count: 20)).prefix(20))
        guard let a = attributes else {
            out.append(Self.repeatFlag)
            return
        }
        let flags = a.rowFlags
        out.append(flags)
        out.append(a.info1)
        if flags & Self.hasInfo != 0 {
            out.append(a.info2 ?? 0)
            out.append(a.info3 ?? 0)
        }
        if let i4 = a.info4 { out.append(i4) }
        if let g = a.generation { out.appendBE(g) }
        if let t = a.ttl { out.appendBE(t) }
        out.appendBE(UInt16(truncatingIfNeeded: a.fields.count))
        out.appendBE(UInt16(truncatingIfNeeded: a.operations.count))
        for f in a.fields { f.encode(into: &out) }
        for op in a.operations { op.encode(into: &out) }
    }

    static func decode(_ r: inout ByteReader) throws -> BatchRow {
        let index = try r.u32("batch row index")
        let digest = try r.take(Digest.size, "batch row digest")
        let flags = try r.u8("batch row flags")
        if flags & repeatFlag != 0 { return BatchRow(index: index, digest: digest, attributes: nil) }
        var a = Attributes(info1: try r.u8("batch info1"))
        if flags & hasInfo != 0 {
            a.info2 = try r.u8()
            a.info3 = try r.u8()
        }
        if flags & hasInfo4 != 0 { a.info4 = try r.u8() }
        if flags & hasGeneration != 0 { a.generation = try r.u16() }
        if flags & hasTTL != 0 { a.ttl = try r.u32() }
        let nFields = Int(try r.u16())
        let nOps = Int(try r.u16())
        guard nFields * 5 + nOps * 8 <= r.remaining else {
            throw WireError.malformed("batch row claims \(nFields) fields and \(nOps) ops in \(r.remaining) bytes")
        }
        for _ in 0..<nFields { a.fields.append(try Field.decode(&r)) }
        for _ in 0..<nOps { a.operations.append(try Operation.decode(&r)) }
        return BatchRow(index: index, digest: digest, attributes: a)
    }
}
