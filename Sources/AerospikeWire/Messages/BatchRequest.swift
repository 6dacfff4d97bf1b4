/// The body of field 41 (BATCH_INDEX, SPEC.md §12.4): `n_rows(u32 BE) | parent flags(1) | rows`.
public struct BatchRequest: Equatable, Sendable {
    public static let allowInline: UInt8 = 0x01
    public static let allowInlineSSD: UInt8 = 0x02
    /// Keep going after a row error (the client "respondAllKeys").
    public static let respondAllKeys: UInt8 = 0x04

    /// Parent flags (inline, respond-all-keys).
    public var flags: UInt8
    /// Rows in wire order.
    public var rows: [BatchRow]

    /// Creates a request from ready rows.
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
        Self.appendBodyHeader(rowCount: rows.count, flags: flags, into: &out)
        for row in rows { row.encode(into: &out) }
        return out
    }

    /// Appends `n_rows(u32 BE) | flags`; the caller appends the rows.
    static func appendBodyHeader(rowCount: Int, flags: UInt8, into out: inout [UInt8]) {
        out.appendBE(UInt32(truncatingIfNeeded: rowCount))
        out.append(flags)
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
