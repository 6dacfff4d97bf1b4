/// One AS_MSG parsed in place: its header values and the byte ranges of its fields and ops inside
/// the proto body it came from. Nothing is copied and nothing is allocated, so a scan reply of many
/// records can be walked at memory speed (the backup's hot path); ``AsMessage`` stays the general
/// API for everything else.
///
/// ``parse(_:at:)`` checks exactly what ``AsMessage/decode(_:at:)`` checks (header size, every field
/// and op size, bin names valid UTF-8), so a body is accepted by one iff it is accepted by the other.
/// Ranges refer to the `body` passed to `parse`; read them with the same body.
public struct AsMessageView: Sendable {
    /// Info3 bits (``Info3``).
    public let info3: UInt8
    /// The server status.
    public let resultCode: ResultCode
    /// Record generation; partition id on partition-done markers.
    public let generation: UInt32
    /// Void time of a record reply.
    public let recordTTL: UInt32
    /// The header's transaction_ttl: a batch reply row's index.
    public let transactionTTL: UInt32
    /// The whole message inside the body.
    public let range: Range<Int>
    /// Data of the first NAMESPACE, SET, KEY and DIGEST fields, if present.
    public let namespaceRange: Range<Int>?
    public let setRange: Range<Int>?
    public let keyRange: Range<Int>?
    public let digestRange: Range<Int>?
    /// Number of operations (bins) and where the first one starts.
    public let operationCount: Int
    let operationsStart: Int

    /// One operation of a message, as ranges into the body.
    public struct OperationView: Sendable {
        public let type: OperationType
        public let particleType: ParticleType
        /// Bin name bytes (valid UTF-8, checked by ``AsMessageView/parse(_:at:)``).
        public let nameRange: Range<Int>
        /// Particle-encoded value bytes.
        public let valueRange: Range<Int>
    }

    /// True if this message is the last of a stream (INFO3_LAST).
    public var isLast: Bool { info3 & Info3.last != 0 }

    /// The partition id carried by a scan partition-done marker, nil for other messages.
    public var partitionID: Int? {
        info3 & Info3.partitionDone != 0 && !isLast ? Int(generation & 0xFFFF) : nil
    }

    /// Parses the message at `offset` in `body`, advancing `offset` past it.
    /// - Throws: ``WireError/Code/malformed`` for the same inputs ``AsMessage/decode(_:at:)`` rejects.
    public static func parse(_ body: [UInt8], at offset: inout Int) throws -> AsMessageView {
        let start = offset
        var r = ByteReader(body, offset: offset)
        let headerSize = try r.u8("msg header size")
        guard headerSize == AsMessage.headerSize else {
            throw WireError.malformed("AS_MSG header size \(headerSize), expected 22")
        }
        try r.skip(2, "msg header")  // info1, info2
        let info3 = try r.u8()
        try r.skip(1, "msg header")  // info4
        let resultCode = ResultCode(try r.u8())
        let generation = try r.u32()
        let recordTTL = try r.u32()
        let transactionTTL = try r.u32()
        let nFields = Int(try r.u16())
        let nOps = Int(try r.u16())
        guard nFields * 5 + nOps * 8 <= r.remaining else {
            throw WireError.malformed("AS_MSG claims \(nFields) fields and \(nOps) ops in \(r.remaining) bytes")
        }
        var namespace: Range<Int>?, set: Range<Int>?, key: Range<Int>?, digest: Range<Int>?
        for _ in 0..<nFields {
            let size = Int(try r.u32("field size"))
            guard size >= 1 else { throw WireError.malformed("field size 0") }
            let type = FieldType(rawValue: try r.u8("field type"))
            let data = r.offset..<(r.offset + size - 1)
            try r.skip(size - 1, "field data")
            switch type {
            case .namespace where namespace == nil: namespace = data
            case .setName where set == nil: set = data
            case .key where key == nil: key = data
            case .digest where digest == nil: digest = data
            default: break
            }
        }
        let operationsStart = r.offset
        for _ in 0..<nOps { _ = try Self.operation(&r) }
        offset = r.offset
        return AsMessageView(
            info3: info3, resultCode: resultCode, generation: generation, recordTTL: recordTTL,
            transactionTTL: transactionTTL, range: start..<r.offset,
            namespaceRange: namespace, setRange: set, keyRange: key, digestRange: digest, operationCount: nOps,
            operationsStart: operationsStart)
    }

    /// Calls `visit` with every operation in wire order. `body` must be the body given to ``parse(_:at:)``.
    public func forEachOperation(in body: [UInt8], _ visit: (OperationView) throws -> Void) rethrows {
        var r = ByteReader(body, offset: operationsStart)
        for _ in 0..<operationCount {
            // Already validated by parse; a failure here means a different body was passed.
            guard let op = try? Self.operation(&r) else {
                preconditionFailure("AsMessageView.forEachOperation called with a body it was not parsed from")
            }
            try visit(op)
        }
    }

    /// The full ``AsMessage`` (allocates; for callers that need the general API).
    public func message(in body: [UInt8]) throws -> AsMessage {
        var offset = range.lowerBound
        return try AsMessage.decode(body, at: &offset)
    }

    private static func operation(_ r: inout ByteReader) throws -> OperationView {
        let size = Int(try r.u32("op size"))
        guard size >= 4 else { throw WireError.malformed("op size \(size) < 4") }
        try r.require(size, "op body")
        let type = OperationType(rawValue: try r.u8())
        let particle = ParticleType(rawValue: try r.u8())
        try r.skip(1, "op flags")
        let nameLength = Int(try r.u8())
        guard nameLength <= size - 4 else { throw WireError.malformed("op name length \(nameLength) exceeds op") }
        let name = r.offset..<(r.offset + nameLength)
        guard UTF8Check.isValid(r.bytes, name) else { throw WireError.malformed("bin name is not UTF-8") }
        let value = name.upperBound..<(name.upperBound + size - 4 - nameLength)
        try r.skip(size - 4, "op value")
        return OperationView(type: type, particleType: particle, nameRange: name, valueRange: value)
    }
}

/// UTF-8 validation of a byte range without building a `String` for ASCII (the common case).
enum UTF8Check {
    static func isValid(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        var i = range.lowerBound
        while i < range.upperBound {
            if bytes[i] >= 0x80 { return String(validating: bytes[range], as: UTF8.self) != nil }
            i += 1
        }
        return true
    }
}
