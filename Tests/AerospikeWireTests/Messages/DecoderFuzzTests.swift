import Testing
@testable import AerospikeWire

/// Random and mutated frames must only ever produce thrown ``WireError``s, never a crash.
@Suite struct DecoderFuzzTests {
    static func seeds() throws -> [[UInt8]] {
        let digest = Digest.compute(set: "s", key: .string("k"))
        var stream: [UInt8] = []
        AsMessage(resultCode: .ok, generation: 3, recordTTL: 9, fields: [.string(.namespace, "test"), Field(type: .digest, data: digest)],
                  operations: [.write("a", .integer(1)), .write("l", .list(msgpack: [0x92, 0x01, 0xa2, 0x03, 0x61]))]).encode(into: &stream)
        AsMessage(info3: Info3.partitionDone, resultCode: .partitionUnavailable, generation: 12).encode(into: &stream)
        AsMessage(info3: Info3.last).encode(into: &stream)
        let batch = BatchRequest(entries: [(0, digest, BatchRequestTests.writeRow()), (1, digest, BatchRequestTests.writeRow())])
        return [
            WireFrame(type: .message, body: stream).encoded(),
            try WireFrame(type: .message, body: stream).compressed().encoded(),
            batch.message(filter: FilterExpression.lastUpdate(from: 1 << 40, until: 1 << 41)).frame().encoded(),
            AdminMessage.login(user: "u", credential: "c").frame().encoded(),
            InfoCodec.response([("node", "A1")]).encoded(),
        ]
    }

    /// Runs every decoder on `bytes`, returning how many threw.
    static func exercise(_ bytes: [UInt8]) -> Int {
        var thrown = 0
        var offset = 0
        do {
            if let frame = try WireFrame.decode(bytes, at: &offset) {
                switch frame.type {
                case .message:
                    try Self.expectViewsAgree(frame.body)
                    for m in try AsMessage.decodeAll(frame.body) {
                        for f in m.fields {
                            if f.type == .batchIndex { _ = try BatchRequest.decode(f.data).resolvedRows() }
                            if f.type == .filterExp { _ = try FilterExpression.decode(f.data) }
                        }
                        for op in m.operations { _ = try op.decodedValue() }
                        _ = try m.pidArray()
                    }
                case .admin: _ = try AdminMessage.decode(frame.body)
                case .info: _ = InfoCodec.parseResponse(frame.body)
                case .compressed: break
                }
            }
        } catch is WireError {
            thrown += 1
        } catch {
            Issue.record("unexpected error type \(error)")
        }
        return thrown
    }

    /// The in-place fast path (``AsMessageView``) accepts a body iff ``AsMessage`` does, and reads the same
    /// header values, fields and operations.
    static func expectViewsAgree(_ body: [UInt8]) throws {
        var viewOffset = 0
        var messageOffset = 0
        while messageOffset < body.count {
            let message: AsMessage
            do {
                message = try AsMessage.decode(body, at: &messageOffset)
            } catch {
                #expect(throws: WireError.self) { try AsMessageView.parse(body, at: &viewOffset) }
                throw error
            }
            let view: AsMessageView
            do {
                view = try AsMessageView.parse(body, at: &viewOffset)
            } catch {
                Issue.record("AsMessageView rejected a message AsMessage accepts: \(error)")
                throw error
            }
            #expect(viewOffset == messageOffset)
            #expect(view.info3 == message.info3 && view.resultCode == message.resultCode)
            #expect(view.generation == message.generation && view.recordTTL == message.recordTTL)
            #expect(view.transactionTTL == message.transactionTTL)
            #expect(view.digestRange.map { Array(body[$0]) } == message.field(.digest)?.data)
            #expect(view.setRange.map { Array(body[$0]) } == message.field(.setName)?.data)
            #expect(view.keyRange.map { Array(body[$0]) } == message.field(.key)?.data)
            let batch = ScanRecordBatch(body: body, records: [view], namespace: "test")
            #expect(batch.setRange(of: view).map { String(decoding: body[$0], as: UTF8.self) } == message.setName)
            #expect((batch.keyRange(of: view) != nil) == (message.userKey != nil))
            var ops: [Operation] = []
            view.forEachOperation(in: body) { op in
                ops.append(Operation(type: op.type, particleType: op.particleType,
                                     name: String(decoding: body[op.nameRange], as: UTF8.self), value: Array(body[op.valueRange])))
            }
            #expect(ops == message.operations)
        }
        #expect(viewOffset == body.count)
    }

    @Test func viewsAgreeOnSeedBodies() throws {
        for seed in try Self.seeds() {
            var offset = 0
            if let frame = try WireFrame.decode(seed, at: &offset), frame.type == .message {
                try Self.expectViewsAgree(frame.body)
            }
        }
    }

    @Test func hundredThousandRandomAndMutatedFrames() throws {
        var rng = SeededRandom(seed: 0xAE50)
        let seeds = try Self.seeds()
        var thrown = 0
        for i in 0..<100_000 {
            var bytes: [UInt8]
            if i % 4 == 0 {
                // Random body behind a plausible header, so the body decoders run.
                let n = Int.random(in: 0..<96, using: &rng)
                bytes = [2, UInt8.random(in: 1...4, using: &rng), 0, 0, 0, 0, 0, UInt8(n)]
                bytes += (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
            } else {
                bytes = seeds[i % seeds.count]
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    let pos = Int.random(in: 0..<bytes.count, using: &rng)
                    switch Int.random(in: 0..<4, using: &rng) {
                    case 0: bytes[pos] = UInt8.random(in: 0...255, using: &rng)
                    case 1: bytes[pos] ^= 1 << UInt8.random(in: 0..<8, using: &rng)
                    case 2: bytes.removeSubrange(pos...)
                    default: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: pos)
                    }
                    if bytes.isEmpty { bytes = [2] }
                }
                // Keep the proto size consistent half the time so mutations reach the body decoders.
                if i % 2 == 0, bytes.count >= 8 {
                    let n = bytes.count - 8
                    for k in 0..<6 { bytes[2 + k] = UInt8(truncatingIfNeeded: n >> (8 * (5 - k))) }
                }
            }
            thrown += Self.exercise(bytes)
        }
        #expect(thrown > 1000)
    }
}
