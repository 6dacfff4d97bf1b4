extension BatchWriteRow {
    /// The AS_MSG body of a batch request writing `rows[i]` for each `i` in `indices`, each row sent
    /// with index `i` (SPEC.md §12.4): the same bytes ``BatchRequest/message(timeoutMillis:filter:)``
    /// makes for the decoded rows, assembled by copying each row's ``bytes`` once into one buffer.
    ///
    /// A row whose attributes (everything after the flags byte) equal the previous row's, and which
    /// carries no KEY field, is sent as REPEAT (index, digest, flags 0x01). Restore rows differ in their
    /// bin values, so this rarely fires for them; the check is one length compare per row and a memcmp
    /// when lengths match.
    static func requestBody(
        _ rows: [BatchWriteRow], indices: some Collection<Int>, timeoutMillis: UInt32,
        flags: UInt8 = BatchRequest.respondAllKeys | BatchRequest.allowInline
    ) -> [UInt8] {
        var size = Int(AsMessage.headerSize) + 5 + 5
        for i in indices { size += 4 + rows[i].bytes.count }
        var out: [UInt8] = []
        out.reserveCapacity(size)
        // Parent header: info1 BATCH, transaction_ttl = timeout, one field, no ops.
        AsMessage.appendHeader(info1: Info1.batch, transactionTTL: timeoutMillis, fieldCount: 1, operationCount: 0, into: &out)
        let fieldStart = out.count
        Field.appendHeader(.batchIndex, dataCount: 0, into: &out)  // size patched below
        BatchRequest.appendBodyHeader(rowCount: indices.count, flags: flags, into: &out)
        var previous: BatchWriteRow?
        for i in indices {
            let row = rows[i]
            out.appendBE(UInt32(truncatingIfNeeded: i))
            if let previous, !row.hasKeyField, row.hasSameAttributes(as: previous) {
                out.append(contentsOf: row.bytes[0..<attributesStart])
                out.append(BatchRow.repeatFlag)
            } else {
                out.append(contentsOf: row.bytes)
            }
            previous = row
        }
        let fieldSize = UInt32(truncatingIfNeeded: out.count - fieldStart - 4)  // type + data
        for k in 0..<4 { out[fieldStart + k] = UInt8(truncatingIfNeeded: fieldSize >> (24 - 8 * k)) }
        return out
    }

    /// Whether both rows carry the same bytes after the digest.
    private func hasSameAttributes(as other: BatchWriteRow) -> Bool {
        bytes.count == other.bytes.count
            && bytes[Self.attributesStart...].elementsEqual(other.bytes[Self.attributesStart...])
    }
}
