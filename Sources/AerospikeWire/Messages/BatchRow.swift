/// One row of a batch-index request (field 41, SPEC.md §12.4).
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
        Self.appendAttributesHeader(
            info1: a.info1, info2: a.info2, info3: a.info3, info4: a.info4, generation: a.generation, ttl: a.ttl,
            fieldCount: a.fields.count, operationCount: a.operations.count, into: &out)
        for f in a.fields { f.encode(into: &out) }
        for op in a.operations { op.encode(into: &out) }
    }

    /// Appends a non-repeat row's `flags | info1 | [info2 | info3] | [info4] | [generation] | [ttl] |
    /// n_fields | n_ops` (flags from which optionals are set); the caller appends the fields and ops.
    /// Every encoder of batch rows (this type's and ``BatchWriteRow``'s) writes through here.
    static func appendAttributesHeader(
        info1: UInt8, info2: UInt8?, info3: UInt8?, info4: UInt8?, generation: UInt16?, ttl: UInt32?,
        fieldCount: Int, operationCount: Int, into out: inout [UInt8]
    ) {
        var flags: UInt8 = 0
        if info2 != nil || info3 != nil { flags |= hasInfo }
        if generation != nil { flags |= hasGeneration }
        if ttl != nil { flags |= hasTTL }
        if info4 != nil { flags |= hasInfo4 }
        out.append(flags)
        out.append(info1)
        if flags & hasInfo != 0 {
            out.append(info2 ?? 0)
            out.append(info3 ?? 0)
        }
        if let info4 { out.append(info4) }
        if let generation { out.appendBE(generation) }
        if let ttl { out.appendBE(ttl) }
        out.appendBE(UInt16(truncatingIfNeeded: fieldCount))
        out.appendBE(UInt16(truncatingIfNeeded: operationCount))
    }

    /// Decodes one row; fields and ops go through the AS_MSG parser (``FieldsAndOperations``).
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
        let fieldCount = Int(try r.u16())
        let operationCount = Int(try r.u16())
        let (start, end) = (r.offset, r.end)
        let sections = try r.bytes.withUnsafeBytes {
            try FieldsAndOperations.parse(
                $0, from: start, end: end, fieldCount: fieldCount, operationCount: operationCount, what: "batch row")
        }
        a.fields = sections.fields(in: r.bytes)
        a.operations = sections.operations(in: r.bytes)
        r.offset = sections.end
        return BatchRow(index: index, digest: digest, attributes: a)
    }
}
