/// One AS_MSG (proto type 3 body, or one of several messages in a streaming body).
///
/// Layout (SPEC.md §12.2): `header_sz(1)=22 | info1 | info2 | info3 | info4 | result_code | generation(u32) |
/// record_ttl(u32) | transaction_ttl(u32) | n_fields(u16) | n_ops(u16) | fields | ops`, all big-endian.
public struct AsMessage: Equatable, Sendable {
    /// Size of the fixed header.
    public static let headerSize: UInt8 = 22

    /// Read attributes (``Info1``).
    public var info1: UInt8
    /// Write attributes (``Info2``).
    public var info2: UInt8
    /// Info3 bits (``Info3``): last, partition done, exists actions.
    public var info3: UInt8
    /// Transaction bits; 0 for this client.
    public var info4: UInt8
    /// 0 in requests; the server status in replies.
    public var resultCode: ResultCode
    /// Request: expected generation. Response: record generation; partition id on partition-done markers.
    public var generation: UInt32
    /// Request: TTL seconds (0 default, 0xFFFFFFFF never, 0xFFFFFFFE keep). Response: void time.
    public var recordTTL: UInt32
    /// Request: server timeout in ms. Batch responses: the row index.
    public var transactionTTL: UInt32
    /// Fields, in wire order.
    public var fields: [Field]
    /// Operations (bins), in wire order.
    public var operations: [Operation]

    /// Creates a message; every header value defaults to 0.
    public init(
        info1: UInt8 = 0, info2: UInt8 = 0, info3: UInt8 = 0, info4: UInt8 = 0, resultCode: ResultCode = .ok,
        generation: UInt32 = 0, recordTTL: UInt32 = 0, transactionTTL: UInt32 = 0,
        fields: [Field] = [], operations: [Operation] = []
    ) {
        self.info1 = info1
        self.info2 = info2
        self.info3 = info3
        self.info4 = info4
        self.resultCode = resultCode
        self.generation = generation
        self.recordTTL = recordTTL
        self.transactionTTL = transactionTTL
        self.fields = fields
        self.operations = operations
    }

    /// Appends the message (without proto header) to `out`.
    public func encode(into out: inout [UInt8]) {
        Self.appendHeader(
            info1: info1, info2: info2, info3: info3, info4: info4, resultCode: resultCode, generation: generation,
            recordTTL: recordTTL, transactionTTL: transactionTTL, fieldCount: fields.count,
            operationCount: operations.count, into: &out)
        for f in fields { f.encode(into: &out) }
        for op in operations { op.encode(into: &out) }
    }

    /// Appends the 22-byte header; the caller appends `fieldCount` fields and `operationCount` ops.
    /// Every encoder of AS_MSG headers writes through here.
    static func appendHeader(
        info1: UInt8, info2: UInt8 = 0, info3: UInt8 = 0, info4: UInt8 = 0, resultCode: ResultCode = .ok,
        generation: UInt32 = 0, recordTTL: UInt32 = 0, transactionTTL: UInt32, fieldCount: Int, operationCount: Int,
        into out: inout [UInt8]
    ) {
        out.append(headerSize)
        out.append(info1)
        out.append(info2)
        out.append(info3)
        out.append(info4)
        out.append(resultCode.rawValue)
        out.appendBE(generation)
        out.appendBE(recordTTL)
        out.appendBE(transactionTTL)
        out.appendBE(UInt16(truncatingIfNeeded: fieldCount))
        out.appendBE(UInt16(truncatingIfNeeded: operationCount))
    }

    /// The message wrapped in a type-3 proto frame.
    public func frame() -> WireFrame {
        var body: [UInt8] = []
        encode(into: &body)
        return WireFrame(type: .message, body: body)
    }

    /// Decodes one message from `body` at `offset`, advancing `offset` past it: parsed by
    /// ``AsMessageView/parse(_:at:)`` (the one AS_MSG parser), then fields and ops are copied out.
    /// - Throws: ``WireError/Code/malformed`` when the header, a field or an op is truncated or inconsistent,
    ///   or a bin name is not UTF-8.
    public static func decode(_ body: [UInt8], at offset: inout Int) throws -> AsMessage {
        try AsMessageView.parse(body, at: &offset).message(in: body)
    }

    /// Decodes every message in a proto body (streaming responses pack many messages per proto).
    public static func decodeAll(_ body: [UInt8]) throws -> [AsMessage] {
        var offset = 0
        var out: [AsMessage] = []
        while offset < body.count { out.append(try decode(body, at: &offset)) }
        return out
    }

    /// Decodes a body that must hold exactly one message.
    public static func decodeSingle(_ body: [UInt8]) throws -> AsMessage {
        var offset = 0
        let m = try decode(body, at: &offset)
        guard offset == body.count else {
            throw WireError.malformed("\(body.count - offset) trailing bytes after AS_MSG")
        }
        return m
    }
}
