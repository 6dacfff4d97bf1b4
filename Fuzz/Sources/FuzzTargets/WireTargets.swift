import AerospikeWire
import NIOCore

/// Decoders of bytes a cluster node sends (SPEC.md §12): they run before anything is authenticated.
enum WireTargets {
    static let all: [FuzzTarget] = [
        protoFrame, asMessage, adminMessage, batchRequest, info, peers, msgPack, filterExpression,
    ]

    /// Proto framing and type-4 inflation, through both the array decoder and the NIO decoder the client uses.
    static let protoFrame = FuzzTarget("proto-frame", seeds: { [try! sampleMessage.compressed().encoded()] }) { bytes in
        var offset = 0
        while let frame = try? WireFrame.decode(bytes, at: &offset), offset < bytes.count { _ = frame.body.count }
        var buffer = ByteBuffer(bytes: bytes)
        while let frame = try? ProtoFrameDecoder.decodeFrame(from: &buffer) { _ = frame.body.count }
    }

    /// AS_MSG bodies: the copying decoder and the in-place view must agree.
    static let asMessage = FuzzTarget("as-msg", seeds: { [sampleMessage.body] }) { body in
        let decoded = try? AsMessage.decodeAll(body)
        var viewed: [AsMessage] = []
        var offset = 0
        while offset < body.count, let view = try? AsMessageView.parse(body, at: &offset) {
            view.forEachOperation(in: body) { _ = $0 }
            viewed.append(view.message(in: body))
        }
        guard let decoded else { return }
        precondition(decoded == viewed, "AsMessage.decodeAll and AsMessageView.parse disagree")
        for operation in decoded.flatMap(\.operations) { _ = try? operation.decodedValue() }
    }

    static let adminMessage = FuzzTarget("admin-msg", seeds: {
        [AdminMessage.login(user: "backup", credential: "$2a$10$7EqJtq98hPqEX7fNZaFWoO").encodeBody()]
    }) { body in
        _ = try? AdminMessage.decode(body)
    }

    /// Field-41 batch bodies (read by the simulator's server side, SPEC.md §12.4), REPEAT rows resolved.
    static let batchRequest = FuzzTarget("batch-request") { data in
        _ = try? BatchRequest.decode(data).resolvedRows()
    }

    /// Info replies and requests (tab and newline separated text).
    static let info = FuzzTarget("info", seeds: {
        [Array("node\tBB9020011AC4202\npartition-generation\t7\nreplicas\tbar:0,1,AAAAAAAA\n".utf8)]
    }) { body in
        _ = InfoCodec.parseResponse(body)
        _ = InfoCodec.parseRequest(body)
    }

    static let peers = FuzzTarget("peers", seeds: {
        [Array("3,3000,[[BB9020011AC4202,,[10.0.0.1:3000]],[BB9030011AC4202,tls1,[10.0.0.2,[::1]:3001]]]".utf8),
         Array("0,3000,[]".utf8)]
    }) { bytes in
        _ = try? PeersParser.parse(String(decoding: bytes, as: UTF8.self))
    }

    /// The bounded msgpack reader, element by element, then as typed array and string reads.
    static let msgPack = FuzzTarget("msgpack", seeds: { sampleExpressions.map { $0.encode() } }) { bytes in
        var reader = MsgPack.Reader(bytes)
        while !reader.isAtEnd, (try? reader.readElement()) != nil {}
        var typed = MsgPack.Reader(bytes)
        if let count = try? typed.readArrayHeader() {
            for _ in 0..<count {
                guard (try? typed.readRawString()) != nil else { break }
            }
        }
    }

    /// Field-43 filter expressions: whatever decodes must re-encode to bytes that decode to the same
    /// encoding (compared as bytes, as a NaN operand is not equal to itself).
    static let filterExpression = FuzzTarget("filter-expression", seeds: { sampleExpressions.map { $0.encode() } }) {
        bytes in
        guard let expression = try? FilterExpression.decode(bytes) else { return }
        let encoded = expression.encode()
        precondition(try! FilterExpression.decode(encoded).encode() == encoded, "filter expression round trip")
    }

    static var sampleExpressions: [FilterExpression] {
        [FilterExpression.lastUpdate(from: 1_700_000_000_000_000_000, until: 1_800_000_000_000_000_000)!,
         .or([.not(.eq(.binString("name"), .string("x"))), .gt(.binInt("age"), .int(-5))])]
    }

    static var sampleMessage: WireFrame {
        let message = AsMessage(
            info1: 1, resultCode: .ok, generation: 3, recordTTL: 100,
            fields: [.string(.namespace, "test"), .string(.setName, "demo")],
            operations: [.write("bin1", .integer(42)), .write("name", .string("aerovault")), .read("blob")])
        var body: [UInt8] = []
        message.encode(into: &body)
        return WireFrame(type: .message, body: body)
    }
}
