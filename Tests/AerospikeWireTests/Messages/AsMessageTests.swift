import Testing
@testable import AerospikeWire

@Suite struct AsMessageTests {
    static let workedExample = hex(
        """
        02 03 00 00 00 00 00 40
        16 03 00 00 00 00 00 00 00 00 00 00 00 00 00 00 03 e8 00 03 00 00
        00 00 00 05 00 74 65 73 74
        00 00 00 04 01 73 65 74
        00 00 00 15 04 93 d9 43 aa e3 7b 01 7a d7 e0 11 b0 c1 d2 e2 14 3c 2f b3 7d
        """)

    @Test func workedExampleGetRequestIsByteExact() {
        let digest = Digest.compute(set: "set", key: .integer(0))
        let msg = AsMessage(
            info1: Info1.read | Info1.getAll, transactionTTL: 1000,
            fields: [.string(.namespace, "test"), .string(.setName, "set"), Field(type: .digest, data: digest)])
        #expect(msg.frame().encoded() == Self.workedExample)
    }

    @Test func workedExampleDecodes() throws {
        var offset = 0
        let frame = try #require(try WireFrame.decode(Self.workedExample, at: &offset))
        #expect(offset == Self.workedExample.count)
        #expect(frame.type == .message)
        let msg = try AsMessage.decodeSingle(frame.body)
        #expect(msg.info1 == 0x03)
        #expect(msg.transactionTTL == 1000)
        #expect(msg.namespace == "test")
        #expect(msg.setName == "set")
        #expect(msg.digest.map(Digest.hex) == "93d943aae37b017ad7e011b0c1d2e2143c2fb37d")
    }

    @Test func responseWithBinsRoundTrips() throws {
        let msg = AsMessage(
            resultCode: .ok, generation: 7, recordTTL: 123_456,
            operations: ([
                Operation.write("i", .integer(-5)), .write("s", .string("héllo")), .write("b", .blob([1, 2, 3])),
                .write("d", .double(2.5)), .write("t", .bool(true)),
            ] as [Operation]).map { (op: Operation) -> Operation in
                var o = op
                o.type = .read
                return o
            })
        var body: [UInt8] = []
        msg.encode(into: &body)
        let back = try AsMessage.decodeSingle(body)
        #expect(back == msg)
        #expect(try back.operations[1].decodedValue() == .string("héllo"))
        // op_sz = 4 + name + value: "i" + 8 bytes integer = 13
        #expect(Array(body[22..<26]) == [0, 0, 0, 13])
    }

    @Test func decodeAllReadsManyMessagesPerBody() throws {
        var body: [UInt8] = []
        let a = AsMessage(resultCode: .partitionUnavailable, generation: 17, info3Marker: true)
        let b = AsMessage(info3: Info3.last)
        a.encode(into: &body)
        b.encode(into: &body)
        let all = try AsMessage.decodeAll(body)
        #expect(all == [a, b])
        #expect(all[0].partitionID == 17)
        #expect(all[1].isLast)
    }

    @Test func truncatedMessageThrows() {
        var body: [UInt8] = []
        AsMessage(fields: [.string(.namespace, "test")]).encode(into: &body)
        for cut in 0..<body.count {
            #expect(throws: WireError.self) { try AsMessage.decodeSingle(Array(body[0..<cut])) }
        }
    }

    @Test func pidAndDigestArraysAreLittleEndianAndFixedSize() throws {
        let msg = AsMessage(fields: [
            AsMessage.pidArrayField([1, 0x0ABC]), AsMessage.digestArrayField([[UInt8](repeating: 9, count: 20)]),
        ])
        #expect(msg.fields[0].data == [0x01, 0x00, 0xBC, 0x0A])
        #expect(try msg.pidArray() == [1, 0x0ABC])
        #expect(try msg.digestArray() == [[UInt8](repeating: 9, count: 20)])
    }
}

extension AsMessage {
    fileprivate init(resultCode: ResultCode, generation: UInt32, info3Marker: Bool) {
        self.init(info3: Info3.partitionDone, resultCode: resultCode, generation: generation)
    }
}
