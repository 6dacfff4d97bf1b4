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

/// The body of field 41 (BATCH_INDEX): `n_rows(u32 BE) | parent flags(1) | rows`.
public struct BatchRequest: Equatable, Sendable {
    public static let allowInline: UInt8 = 0x01
    public static let allowInlineSSD: UInt8 = 0x02
    /// Keep going after a row error (the client "respondAllKeys").
    public static let respondAllKeys: UInt8 = 0x04

    public var flags: UInt8
    public var rows: [BatchRow]

    public init(flags: UInt8 = BatchRequest.respondAllKeys | BatchRequest.allowInline, rows: [BatchRow]) {
        self.flags = flags
        self.rows = rows
    }

    /// Builds rows from full attributes, replacing a row by REPEAT when it equals the previous one and
    /// carries no KEY field (the server rejects REPEAT with a key).
    public init(
        flags: UInt8 = BatchRequest.respondAllKeys | BatchRequest.allowInline,
        entries: [(index: UInt32, digest: [UInt8], attributes: BatchRow.Attributes)]
    ) {
        var rows: [BatchRow] = []
        rows.reserveCapacity(entries.count)
        var previous: BatchRow.Attributes?
        for e in entries {
            let hasKey = e.attributes.fields.contains { $0.type == .key }
            let same = previous == e.attributes && !hasKey
            rows.append(BatchRow(index: e.index, digest: e.digest, attributes: same ? nil : e.attributes))
            previous = e.attributes
        }
        self.init(flags: flags, rows: rows)
    }

    /// Field-41 data.
    public func encodeBody() -> [UInt8] {
        var out: [UInt8] = []
        out.appendBE(UInt32(rows.count))
        out.append(flags)
        for row in rows { row.encode(into: &out) }
        return out
    }

    /// The parent AS_MSG: info1 BATCH, one field 41 (plus an optional parent filter), no ops.
    public func message(timeoutMillis: UInt32 = 0, filter: FilterExpression? = nil) -> AsMessage {
        var fields = [Field(type: .batchIndex, data: encodeBody())]
        if let filter { fields.append(Field(type: .filterExp, data: filter.encode())) }
        return AsMessage(info1: Info1.batch, transactionTTL: timeoutMillis, fields: fields)
    }

    /// Decodes field-41 data.
    public static func decode(_ data: [UInt8]) throws -> BatchRequest {
        var r = ByteReader(data)
        let n = Int(try r.u32("batch row count"))
        let flags = try r.u8("batch flags")
        guard n * 25 <= r.remaining else { throw WireError.malformed("batch claims \(n) rows in \(r.remaining) bytes") }
        var rows: [BatchRow] = []
        rows.reserveCapacity(n)
        for _ in 0..<n { rows.append(try BatchRow.decode(&r)) }
        guard r.isAtEnd else { throw WireError.malformed("\(r.remaining) trailing bytes after batch rows") }
        return BatchRequest(flags: flags, rows: rows)
    }

    /// Rows with REPEAT replaced by the attributes they repeat.
    /// - Throws: ``WireError/Code/malformed`` if the first row is a REPEAT.
    public func resolvedRows() throws -> [(index: UInt32, digest: [UInt8], attributes: BatchRow.Attributes)] {
        var previous: BatchRow.Attributes?
        return try rows.map { row in
            guard let a = row.attributes ?? previous else {
                throw WireError.malformed("batch row \(row.index) is a REPEAT with no previous row")
            }
            previous = a
            return (row.index, row.digest, a)
        }
    }
}
