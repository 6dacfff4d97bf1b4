import ArchiveStoreTestSupport
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
                    for m in try Self.expectCodecMatchesReference(frame.body) {
                        for f in m.fields {
                            if f.type == .batchIndex { _ = try Self.expectBatchMatchesReference(f.data).resolvedRows() }
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

    /// Expects `body` to throw exactly `expected` (same ``WireError`` code and message).
    static func expectSameError(_ expected: any Error, _ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            try body()
            Issue.record("accepted what the reference rejects with \(expected)", sourceLocation: sourceLocation)
        } catch {
            #expect("\(error)" == "\(expected)", sourceLocation: sourceLocation)
        }
    }

    /// The codec (``AsMessageView/parse(_:at:)``, ``AsMessage/decode(_:at:)`` on top of it, and
    /// ``AsMessageView/message(in:)``) against ``ReferenceDecoder`` on every message of `body`: both
    /// accept the same messages with the same header values, fields (first NAMESPACE/SET/KEY/DIGEST
    /// ranges of the view included) and ops, or throw the same error. Returns the reference messages.
    @discardableResult
    static func expectCodecMatchesReference(_ body: [UInt8]) throws -> [AsMessage] {
        var referenceOffset = 0, viewOffset = 0, messageOffset = 0
        var out: [AsMessage] = []
        while referenceOffset < body.count {
            let reference: AsMessage
            do {
                reference = try ReferenceDecoder.message(body, at: &referenceOffset)
            } catch {
                expectSameError(error) { _ = try AsMessageView.parse(body, at: &viewOffset) }
                expectSameError(error) { _ = try AsMessage.decode(body, at: &messageOffset) }
                throw error
            }
            let view: AsMessageView
            do {
                view = try AsMessageView.parse(body, at: &viewOffset)
                #expect(try AsMessage.decode(body, at: &messageOffset) == reference)
            } catch {
                Issue.record("the codec rejected a message the reference accepts: \(error)")
                throw error
            }
            #expect(viewOffset == referenceOffset && messageOffset == referenceOffset)
            #expect(view.range == (referenceOffset - view.range.count)..<referenceOffset)
            #expect(view.message(in: body) == reference)
            #expect([view.info1, view.info2, view.info3, view.info4] == [reference.info1, reference.info2, reference.info3, reference.info4])
            #expect(view.resultCode == reference.resultCode && view.generation == reference.generation)
            #expect(view.recordTTL == reference.recordTTL && view.transactionTTL == reference.transactionTTL)
            #expect(view.namespaceRange.map { Array(body[$0]) } == reference.field(.namespace)?.data)
            #expect(view.digestRange.map { Array(body[$0]) } == reference.field(.digest)?.data)
            #expect(view.setRange.map { Array(body[$0]) } == reference.field(.setName)?.data)
            #expect(view.keyRange.map { Array(body[$0]) } == reference.field(.key)?.data)
            let batch = ScanRecordBatch(body: body, records: [view], namespace: "test")
            #expect(batch.setRange(of: view).map { String(decoding: body[$0], as: UTF8.self) } == reference.setName)
            #expect((batch.keyRange(of: view) != nil) == (reference.userKey != nil))
            var ops: [Operation] = []
            view.forEachOperation(in: body) { op in
                ops.append(Operation(type: op.type, particleType: op.particleType,
                                     name: String(decoding: body[op.nameRange], as: UTF8.self), value: Array(body[op.valueRange])))
            }
            #expect(ops == reference.operations && view.operationCount == ops.count)
            out.append(reference)
        }
        #expect(viewOffset == body.count && messageOffset == body.count)
        return out
    }

    /// ``BatchRequest/decode(_:)`` against ``ReferenceDecoder/batchRequest(_:)``: same rows or same error.
    static func expectBatchMatchesReference(_ data: [UInt8]) throws -> BatchRequest {
        let reference: BatchRequest
        do {
            reference = try ReferenceDecoder.batchRequest(data)
        } catch {
            expectSameError(error) { _ = try BatchRequest.decode(data) }
            throw error
        }
        #expect(try BatchRequest.decode(data) == reference)
        return reference
    }

    @Test func codecMatchesTheReferenceOnSeedBodies() throws {
        for seed in try Self.seeds() {
            var offset = 0
            if let frame = try WireFrame.decode(seed, at: &offset), frame.type == .message {
                #expect(try Self.expectCodecMatchesReference(frame.body).count >= 1)
            }
        }
    }

    /// Every cut of a valid body either ends on a message boundary or throws the reference's error.
    @Test func everyTruncationThrowsTheReferenceError() throws {
        for seed in try Self.seeds() {
            var offset = 0
            guard let frame = try WireFrame.decode(seed, at: &offset), frame.type == .message else { continue }
            let body = frame.body
            var boundaries: Set<Int> = [0]
            var end = 0
            while end < body.count {
                _ = try AsMessageView.parse(body, at: &end)
                boundaries.insert(end)
            }
            for cut in 0..<body.count {
                let prefix = Array(body[..<cut])
                if boundaries.contains(cut) {
                    try Self.expectCodecMatchesReference(prefix)
                } else {
                    #expect(throws: WireError.self) { try Self.expectCodecMatchesReference(prefix) }
                }
                if let field = try? AsMessage.decodeSingle(body).field(.batchIndex) {
                    _ = try? Self.expectBatchMatchesReference(Array(field.data[..<min(cut, field.data.count)]))
                }
            }
        }
    }

    @Test func hundredThousandRandomAndMutatedFrames() throws {
        var rng = SeededGenerator(seed: 0xAE50)
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
