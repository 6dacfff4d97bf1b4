import AerospikeWire
import Testing

@testable import AerospikeSim

@Suite struct ExpressionEvaluatorTests {
    let record = SimRecord(
        digest: SimDigest(bytes: [UInt8](repeating: 7, count: 20))!, setName: "s",
        userKey: SimUserKey(particleType: 1, data: [0, 0, 0, 0, 0, 0, 0, 1]),
        bins: [.integer("n", 10), .string("name", "bob")], voidTime: 0, lastUpdateMs: 1_700_000_000_123)
    let eval = ExpressionEvaluator(nowMs: 1_700_000_010_123)
    var lutNs: Int64 { 1_700_000_000_123 * 1_000_000 }

    @Test func lastUpdateComparisonsUseNanoseconds() {
        #expect(eval.matches(.ge(.lastUpdate, .int(lutNs)), record))
        #expect(!eval.matches(.gt(.lastUpdate, .int(lutNs)), record))
        #expect(eval.matches(.lt(.lastUpdate, .int(lutNs + 1)), record))
        #expect(eval.matches(FilterExpression.lastUpdate(from: lutNs - 5, until: lutNs + 5)!, record))
        #expect(!eval.matches(FilterExpression.lastUpdate(from: lutNs + 1, until: nil)!, record))
        #expect(eval.evaluate(.sinceUpdate, record) == .int(10_000))
    }

    @Test func booleanLogic() {
        let t = FilterExpression.eq(.int(1), .int(1))
        let f = FilterExpression.eq(.int(1), .int(2))
        #expect(eval.matches(.and([t, t]), record))
        #expect(!eval.matches(.and([t, f]), record))
        #expect(eval.matches(.or([f, t]), record))
        #expect(!eval.matches(.or([f, f]), record))
        #expect(eval.matches(.not(f), record))
        #expect(!eval.matches(.not(t), record))
    }

    @Test func metadataAndBins() {
        #expect(eval.evaluate(.voidTime, record) == .int(-1))
        #expect(eval.evaluate(.ttl, record) == .int(-1))
        #expect(eval.matches(.eq(.setName, .string("s")), record))
        #expect(eval.matches(.eq(.keyExists, .bool(true)), record))
        #expect(eval.matches(.gt(.bin("n", .int), .int(9)), record))
        #expect(eval.matches(.eq(.bin("name", .string), .string("bob")), record))
        #expect(!eval.matches(.eq(.bin("missing", .int), .int(0)), record), "unknown compares false")
        #expect(!eval.matches(.eq(.bin("name", .int), .int(0)), record), "type mismatch compares false")
        #expect(!eval.matches(.not(.eq(.bin("missing", .int), .int(0))), record) == false)
        var expiring = record
        expiring.voidTime = SimClock.voidSecond(unixMs: 1_700_000_010_123) + 100
        #expect(eval.evaluate(.ttl, expiring) == .int(100))
    }

    @Test func unsupportedOpsAreRejectedAtDecode() {
        // [7 REGEX, 0, "a", [81, 3, "b"]] is not simulated: decoding fails, the command gets 4.
        var w = MsgPack.Writer()
        w.writeArrayHeader(4)
        w.write(Int64(7))
        w.write(Int64(0))
        w.write("a")
        w.writeArrayHeader(3)
        w.write(Int64(81))
        w.write(Int64(3))
        w.writeRawString(Array("b".utf8))
        #expect(throws: WireError.self) { try FilterExpression.decode(w.bytes) }
    }
}
