/// One AS_MSG parsed in place: its header values and the byte ranges of its fields and ops inside
/// the proto body it came from. Nothing is copied and nothing is allocated, so a scan reply of many
/// records can be walked at memory speed (the backup's hot path); ``AsMessage`` stays the general
/// API for everything else.
///
/// ``parse(_:at:)`` is the one AS_MSG parser: ``AsMessage/decode(_:at:)`` parses with it and then
/// materialises the fields and ops, so both accept and reject exactly the same bodies (header size,
/// every field and op size, bin names valid UTF-8). Ranges refer to the `body` passed to `parse`;
/// read them with the same body.
public struct AsMessageView: Sendable {
    /// Read attributes (``Info1``).
    public let info1: UInt8
    /// Write attributes (``Info2``).
    public let info2: UInt8
    /// Info3 bits (``Info3``).
    public let info3: UInt8
    /// Transaction bits.
    public let info4: UInt8
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
    /// Where the fields and ops are.
    let sections: FieldsAndOperations

    /// Data of the first NAMESPACE field, if present.
    public var namespaceRange: Range<Int>? { sections.namespace }
    /// Data of the first SET field, if present.
    public var setRange: Range<Int>? { sections.set }
    /// Data of the first KEY field, if present.
    public var keyRange: Range<Int>? { sections.key }
    /// Data of the first DIGEST field, if present.
    public var digestRange: Range<Int>? { sections.digest }
    /// Number of operations (bins).
    public var operationCount: Int { sections.operationCount }

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
    ///
    /// Layout (SPEC.md §12.2): `header_sz(1)=22 | info1 | info2 | info3 | info4 | result_code |
    /// generation(u32) | record_ttl(u32) | transaction_ttl(u32) | n_fields(u16) | n_ops(u16) | fields | ops`.
    /// - Throws: ``WireError/Code/malformed`` when the header, a field or an op is truncated or
    ///   inconsistent, or a bin name is not UTF-8.
    public static func parse(_ body: [UInt8], at offset: inout Int) throws -> AsMessageView {
        let start = offset
        let view = try body.withUnsafeBytes { raw -> AsMessageView in
            guard start >= 0, start < raw.count else {
                throw ByteReader.truncated("msg header size", need: 1, have: max(0, raw.count - start))
            }
            guard raw[start] == AsMessage.headerSize else {
                throw WireError.malformed("AS_MSG header size \(raw[start]), expected 22")
            }
            let headerSize = Int(AsMessage.headerSize)
            guard raw.count - start >= headerSize else {
                throw ByteReader.truncated("msg header", need: headerSize, have: raw.count - start)
            }
            let sections = try FieldsAndOperations.parse(
                raw, from: start + headerSize, end: raw.count, fieldCount: Int(raw.u16BE(at: start + 18)),
                operationCount: Int(raw.u16BE(at: start + 20)), what: "AS_MSG")
            return AsMessageView(
                info1: raw[start + 1], info2: raw[start + 2], info3: raw[start + 3], info4: raw[start + 4],
                resultCode: ResultCode(raw[start + 5]), generation: raw.u32BE(at: start + 6),
                recordTTL: raw.u32BE(at: start + 10), transactionTTL: raw.u32BE(at: start + 14),
                range: start..<sections.end, sections: sections)
        }
        offset = view.range.upperBound
        return view
    }

    /// Calls `visit` with every operation in wire order. `body` must be the body given to ``parse(_:at:)``
    /// (another body traps).
    public func forEachOperation(in body: [UInt8], _ visit: (OperationView) throws -> Void) rethrows {
        try body.withUnsafeBytes { try sections.forEachOperation(in: $0, visit) }
    }

    /// The full ``AsMessage`` (allocates; for callers that need the general API). `body` must be the
    /// body given to ``parse(_:at:)`` (another body traps).
    public func message(in body: [UInt8]) -> AsMessage {
        AsMessage(
            info1: info1, info2: info2, info3: info3, info4: info4, resultCode: resultCode, generation: generation,
            recordTTL: recordTTL, transactionTTL: transactionTTL, fields: sections.fields(in: body),
            operations: sections.operations(in: body))
    }
}
