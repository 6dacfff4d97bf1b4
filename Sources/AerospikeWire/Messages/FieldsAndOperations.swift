/// The fields and operations after an AS_MSG header or a batch row header, checked in place: the one
/// parser behind ``AsMessageView``, ``AsMessage/decode(_:at:)`` and ``BatchRequest/decode(_:)``.
///
/// Layout (SPEC.md §12.2): `n_fields × (size(u32 BE) = 1 + data | type | data)` then
/// `n_ops × (size(u32 BE) = 4 + name + value | op | particle type | flags | name_len | name | value)`.
/// ``parse(_:from:end:fieldCount:operationCount:what:)`` checks every size against the bytes left and
/// every bin name for UTF-8; after it, the walkers below read the same bytes without checks.
struct FieldsAndOperations {
    /// Offset of the first field.
    let fieldsStart: Int
    let fieldCount: Int
    /// Offset of the first operation.
    let operationsStart: Int
    let operationCount: Int
    /// Offset just past the last operation.
    let end: Int
    /// Data of the first NAMESPACE, SET, KEY and DIGEST fields, if present.
    let namespace: Range<Int>?
    let set: Range<Int>?
    let key: Range<Int>?
    let digest: Range<Int>?

    /// Parses `fieldCount` fields then `operationCount` ops starting at `start`, using bytes up to `end`.
    /// - Throws: ``WireError/Code/malformed`` when the counts cannot fit, a field or op is truncated,
    ///   a size is too small for its header, or a bin name is not UTF-8. `what` names the container
    ///   ("AS_MSG", "batch row") in the count error.
    static func parse(
        _ raw: UnsafeRawBufferPointer, from start: Int, end: Int, fieldCount: Int, operationCount: Int,
        what: String
    ) throws -> FieldsAndOperations {
        precondition(start >= 0 && start <= end && end <= raw.count, "fields and ops parsed outside their buffer")
        let remaining = end - start
        // Each field needs >= 5 bytes and each op >= 8: reject impossible counts before any work.
        guard fieldCount * 5 + operationCount * 8 <= remaining else {
            throw WireError.malformed("\(what) claims \(fieldCount) fields and \(operationCount) ops in \(remaining) bytes")
        }
        var i = start
        var namespace: Range<Int>?, set: Range<Int>?, key: Range<Int>?, digest: Range<Int>?
        for _ in 0..<fieldCount {
            guard end - i >= 4 else { throw ByteReader.truncated("field size", need: 4, have: end - i) }
            let size = Int(raw.u32BE(at: i))
            guard size >= 1 else { throw WireError.malformed("field size 0") }
            guard end - i > 4 else { throw ByteReader.truncated("field type", need: 1, have: 0) }
            let type = FieldType(rawValue: raw[i + 4])
            let data = (i + 5)..<(i + 4 + size)
            guard data.count <= end - data.lowerBound else {
                throw ByteReader.truncated("field \(type) data", need: data.count, have: end - data.lowerBound)
            }
            switch type {
            case .namespace where namespace == nil: namespace = data
            case .setName where set == nil: set = data
            case .key where key == nil: key = data
            case .digest where digest == nil: digest = data
            default: break
            }
            i = data.upperBound
        }
        let operationsStart = i
        for _ in 0..<operationCount {
            guard end - i >= 4 else { throw ByteReader.truncated("op size", need: 4, have: end - i) }
            let size = Int(raw.u32BE(at: i))
            guard size >= 4 else { throw WireError.malformed("op size \(size) < 4") }
            guard size <= end - i - 4 else { throw ByteReader.truncated("op body", need: size, have: end - i - 4) }
            // The op lies inside the bytes from here on: header and name are read unchecked.
            let nameLength = Int(raw[i + 7])
            guard nameLength <= size - 4 else { throw WireError.malformed("op name length \(nameLength) exceeds op") }
            guard UTF8Check.isValid(raw, (i + 8)..<(i + 8 + nameLength)) else {
                throw WireError.malformed("bin name is not UTF-8")
            }
            i += 4 + size
        }
        return FieldsAndOperations(
            fieldsStart: start, fieldCount: fieldCount, operationsStart: operationsStart,
            operationCount: operationCount, end: i, namespace: namespace, set: set, key: key, digest: digest)
    }

    /// Calls `visit` with every operation in wire order. `raw` must hold the bytes ``parse`` checked;
    /// other bytes trap (one bounds check per op), they never read outside `raw`.
    @inline(__always)
    func forEachOperation(
        in raw: UnsafeRawBufferPointer, _ visit: (AsMessageView.OperationView) throws -> Void
    ) rethrows {
        var i = operationsStart
        for _ in 0..<operationCount {
            precondition(i >= 0 && raw.count - i >= 8, "operations walked over bytes they were not parsed from")
            let size = Int(raw.u32BE(at: i))
            let nameLength = Int(raw[i + 7])
            precondition(size >= 4 + nameLength && size <= raw.count - i - 4, "operations walked over other bytes")
            let name = (i + 8)..<(i + 8 + nameLength)
            try visit(
                AsMessageView.OperationView(
                    type: OperationType(rawValue: raw[i + 4]), particleType: ParticleType(rawValue: raw[i + 5]),
                    nameRange: name, valueRange: name.upperBound..<(i + 4 + size)))
            i += 4 + size
        }
    }

    /// The fields, materialised (allocates). `bytes` must be the bytes ``parse`` checked.
    func fields(in bytes: [UInt8]) -> [Field] {
        var out: [Field] = []
        out.reserveCapacity(fieldCount)
        var i = fieldsStart
        for _ in 0..<fieldCount {
            let size = Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            out.append(Field(type: FieldType(rawValue: bytes[i + 4]), data: Array(bytes[(i + 5)..<(i + 4 + size)])))
            i += 4 + size
        }
        return out
    }

    /// The operations, materialised (allocates). `bytes` must be the bytes ``parse`` checked.
    func operations(in bytes: [UInt8]) -> [Operation] {
        var out: [Operation] = []
        out.reserveCapacity(operationCount)
        bytes.withUnsafeBytes { raw in
            forEachOperation(in: raw) { op in
                out.append(
                    Operation(
                        type: op.type, particleType: op.particleType,
                        name: String(decoding: raw[op.nameRange], as: UTF8.self), value: Array(raw[op.valueRange])))
            }
        }
        return out
    }
}

extension UnsafeRawBufferPointer {
    /// The big-endian u32 at `offset`; the caller has checked that 4 bytes are there.
    @inline(__always)
    func u32BE(at offset: Int) -> UInt32 {
        UInt32(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// The big-endian u16 at `offset`; the caller has checked that 2 bytes are there.
    @inline(__always)
    func u16BE(at offset: Int) -> UInt16 {
        UInt16(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }
}

/// UTF-8 validation of a byte range, eight bytes at a time while it is ASCII (bin and set names
/// nearly always are); only a range with a byte >= 0x80 goes through the full validator.
enum UTF8Check {
    static func isValid(_ raw: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        var i = range.lowerBound
        var high: UInt64 = 0
        while range.upperBound - i >= 8 {
            high |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < range.upperBound {
            high |= UInt64(raw[i])
            i += 1
        }
        return high & 0x8080_8080_8080_8080 == 0 || String(validating: raw[range], as: UTF8.self) != nil
    }

    static func isValid(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        bytes.withUnsafeBytes { isValid($0, range) }
    }
}
