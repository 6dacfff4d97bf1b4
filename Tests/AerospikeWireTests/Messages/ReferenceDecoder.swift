@testable import AerospikeWire

/// A test oracle for AS_MSG and batch rows: the layouts of SPEC.md §12.2 and §12.4 read one value at a time with
/// ``ByteReader`` (how ``AsMessage`` decoded before it was built on ``AsMessageView``), sharing no
/// parsing code with the codec. The fuzz tests hold the codec to it: same accepted inputs, same values,
/// same error messages.
enum ReferenceDecoder {
    /// One AS_MSG at `offset`, advancing `offset` past it.
    static func message(_ body: [UInt8], at offset: inout Int) throws -> AsMessage {
        var r = ByteReader(body, offset: offset)
        let headerSize = try r.u8("msg header size")
        guard headerSize == 22 else { throw WireError.malformed("AS_MSG header size \(headerSize), expected 22") }
        guard r.remaining >= 21 else { throw ByteReader.truncated("msg header", need: 22, have: r.remaining + 1) }
        var m = AsMessage(info1: try r.u8(), info2: try r.u8(), info3: try r.u8(), info4: try r.u8())
        m.resultCode = ResultCode(try r.u8())
        m.generation = try r.u32()
        m.recordTTL = try r.u32()
        m.transactionTTL = try r.u32()
        (m.fields, m.operations) = try fieldsAndOperations(&r, what: "AS_MSG")
        offset = r.offset
        return m
    }

    /// Field-41 data: `n_rows | flags | rows`, REPEAT rows kept as such.
    static func batchRequest(_ data: [UInt8]) throws -> BatchRequest {
        var r = ByteReader(data)
        let n = Int(try r.u32("batch row count"))
        let flags = try r.u8("batch flags")
        guard n * 25 <= r.remaining else { throw WireError.malformed("batch claims \(n) rows in \(r.remaining) bytes") }
        var rows: [BatchRow] = []
        for _ in 0..<n {
            let index = try r.u32("batch row index")
            let digest = try r.take(20, "batch row digest")
            let rowFlags = try r.u8("batch row flags")
            guard rowFlags & 0x01 == 0 else {
                rows.append(BatchRow(index: index, digest: digest, attributes: nil))
                continue
            }
            var a = BatchRow.Attributes(info1: try r.u8("batch info1"))
            if rowFlags & 0x02 != 0 { (a.info2, a.info3) = (try r.u8(), try r.u8()) }
            if rowFlags & 0x10 != 0 { a.info4 = try r.u8() }
            if rowFlags & 0x04 != 0 { a.generation = try r.u16() }
            if rowFlags & 0x08 != 0 { a.ttl = try r.u32() }
            (a.fields, a.operations) = try fieldsAndOperations(&r, what: "batch row")
            rows.append(BatchRow(index: index, digest: digest, attributes: a))
        }
        guard r.isAtEnd else { throw WireError.malformed("\(r.remaining) trailing bytes after batch rows") }
        return BatchRequest(flags: flags, rows: rows)
    }

    /// `n_fields(u16) | n_ops(u16) | fields | ops`.
    static func fieldsAndOperations(_ r: inout ByteReader, what: String) throws -> ([Field], [Operation]) {
        let nFields = Int(try r.u16())
        let nOps = Int(try r.u16())
        guard nFields * 5 + nOps * 8 <= r.remaining else {
            throw WireError.malformed("\(what) claims \(nFields) fields and \(nOps) ops in \(r.remaining) bytes")
        }
        var fields: [Field] = []
        for _ in 0..<nFields {
            let size = Int(try r.u32("field size"))
            guard size >= 1 else { throw WireError.malformed("field size 0") }
            let type = FieldType(rawValue: try r.u8("field type"))
            fields.append(Field(type: type, data: try r.take(size - 1, "field \(type) data")))
        }
        var operations: [Operation] = []
        for _ in 0..<nOps {
            let size = Int(try r.u32("op size"))
            guard size >= 4 else { throw WireError.malformed("op size \(size) < 4") }
            try r.require(size, "op body")
            let type = OperationType(rawValue: try r.u8())
            let particle = ParticleType(rawValue: try r.u8())
            _ = try r.u8()
            let nameLength = Int(try r.u8())
            guard nameLength <= size - 4 else { throw WireError.malformed("op name length \(nameLength) exceeds op") }
            guard let name = String(validating: try r.take(nameLength), as: UTF8.self) else {
                throw WireError.malformed("bin name is not UTF-8")
            }
            let value = try r.take(size - 4 - nameLength)
            operations.append(Operation(type: type, particleType: particle, name: name, value: value))
        }
        return (fields, operations)
    }
}
