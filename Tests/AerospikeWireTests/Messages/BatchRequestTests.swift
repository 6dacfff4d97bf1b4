import Testing
@testable import AerospikeWire

@Suite struct BatchRequestTests {
    static let d1 = [UInt8](repeating: 1, count: 20)
    static let d2 = [UInt8](repeating: 2, count: 20)

    static func writeRow() -> BatchRow.Attributes {
        BatchRow.Attributes(
            info1: 0, info2: Info2.write | Info2.respondAllOps, info3: Info3.createOrReplace, generation: 0, ttl: 0xFFFF_FFFF,
            fields: [.string(.namespace, "test"), .string(.setName, "s")], operations: [.write("a", .integer(1))])
    }

    @Test func writeRowAndRepeatRowBytes() {
        let req = BatchRequest(entries: [(0, Self.d1, Self.writeRow()), (1, Self.d2, Self.writeRow())])
        #expect(req.rows[1].attributes == nil)
        let body = req.encodeBody()
        var expected: [UInt8] = [0, 0, 0, 2, 0x05]
        expected += [0, 0, 0, 0] + Self.d1 + [0x0e, 0x00, 0x81, 0x10, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0, 2, 0, 1]
        expected += [0, 0, 0, 5, 0] + Array("test".utf8) + [0, 0, 0, 2, 1, 0x73]
        expected += [0, 0, 0, 13, 2, 1, 0, 1, 0x61, 0, 0, 0, 0, 0, 0, 0, 1]
        expected += [0, 0, 0, 1] + Self.d2 + [0x01]
        #expect(body == expected)
    }

    @Test func decodeAndResolveRepeat() throws {
        let req = BatchRequest(entries: [(0, Self.d1, Self.writeRow()), (5, Self.d2, Self.writeRow())])
        let back = try BatchRequest.decode(req.encodeBody())
        #expect(back == req)
        let rows = try back.resolvedRows()
        #expect(rows.map(\.index) == [0, 5])
        #expect(rows[1].attributes == Self.writeRow())
    }

    @Test func rowWithKeyIsNeverRepeated() {
        var a = Self.writeRow()
        a.fields.append(Field(type: .key, data: UserKey.integer(1).fieldData))
        let req = BatchRequest(entries: [(0, Self.d1, a), (1, Self.d2, a)])
        #expect(req.rows.allSatisfy { $0.attributes != nil })
    }

    @Test func legacyReadRowAndInfo4() throws {
        let read = BatchRow(index: 3, digest: Self.d1, attributes: .init(info1: Info1.read | Info1.getAll, fields: [.string(.namespace, "n")]))
        let i4 = BatchRow(index: 4, digest: Self.d2, attributes: .init(info1: 1, info2: 0, info3: 0, info4: 0x10, fields: [.string(.namespace, "n")]))
        let req = BatchRequest(flags: 0, rows: [read, i4])
        let body = req.encodeBody()
        #expect(body[5 + 24] == 0x00)
        #expect(try BatchRequest.decode(body) == req)
    }

    @Test func parentMessageAndMalformed() throws {
        let req = BatchRequest(entries: [(0, Self.d1, Self.writeRow())])
        let msg = req.message(timeoutMillis: 500)
        #expect(msg.info1 == Info1.batch)
        #expect(msg.fields.map(\.type) == [.batchIndex])
        #expect(throws: WireError.self) { try BatchRequest.decode([0, 0, 0, 9, 0]) }
        #expect(throws: WireError.self) { try BatchRequest(flags: 0, rows: [BatchRow(index: 0, digest: Self.d1, attributes: nil)]).resolvedRows() }
    }

    /// Frames of the official client and of a real server (``RealServerFrameTests``) decode and re-encode
    /// to the same bytes, the batch-write request's field-41 rows included.
    @Test func realServerFramesReencodeIdentically() throws {
        let names = [
            "put-reply", "get-reply", "error-key-exists-reply", "error-not-found-reply", "scan-partition-reply",
            "scan-partition-request", "batch-write-reply", "batch-write-request",
        ]
        for name in names {
            for frame in try RealServerFrameTests.frames(name) {
                var body: [UInt8] = []
                for m in try AsMessage.decodeAll(frame.body) { m.encode(into: &body) }
                #expect(body == frame.body, "\(name)")
            }
        }
        let request = try AsMessage.decodeSingle(try #require(try RealServerFrameTests.frames("batch-write-request").first).body)
        let data = try #require(request.field(.batchIndex)).data
        let batch = try BatchRequest.decode(data)
        #expect(batch.encodeBody() == data)
        #expect(batch.rows.count == 4)
    }
}
