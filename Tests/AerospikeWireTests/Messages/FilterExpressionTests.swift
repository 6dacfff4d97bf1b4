import Testing
@testable import AerospikeWire

@Suite struct FilterExpressionTests {
    static let x: Int64 = 1_700_000_000_000_000_000
    static let y: Int64 = 1_700_000_100_000_000_000

    /// The window `93 10 | 93 04 91 42 d3 X | 93 05 91 42 d3 Y` of SPEC.md §12.5: 2 + 13 + 13 = 28 bytes,
    /// so the field's size word is 0x1d. We assert the listed bytes.
    @Test func lastUpdateWindowIsTheListedBytes() throws {
        let e = try #require(FilterExpression.lastUpdate(from: Self.x, until: Self.y))
        let bytes = e.encode()
        var expected: [UInt8] = [0x93, 0x10, 0x93, 0x04, 0x91, 0x42, 0xd3]
        expected.appendBE(UInt64(Self.x))
        expected += [0x93, 0x05, 0x91, 0x42, 0xd3]
        expected.appendBE(UInt64(Self.y))
        #expect(bytes.count == 28)
        #expect(bytes == expected)
        var field: [UInt8] = []
        e.field.encode(into: &field)
        #expect(Array(field[0..<5]) == [0, 0, 0, 0x1d, 0x2b])
        #expect(try FilterExpression.decode(bytes) == e)
    }

    @Test func singleBoundIs13Bytes() throws {
        let e = try #require(FilterExpression.lastUpdate(from: Self.x, until: nil))
        #expect(e.encode().count == 13)
        #expect(Array(e.encode().prefix(5)) == [0x93, 0x04, 0x91, 0x42, 0xd3])
        #expect(FilterExpression.lastUpdate(from: nil, until: nil) == nil)
    }

    @Test func binNameHasNoParticlePrefixButStringLiteralDoes() throws {
        let e = FilterExpression.eq(.binString("name"), .string("bob"))
        let bytes = e.encode()
        #expect(bytes == [0x93, 0x01, 0x93, 0x51, 0x03, 0xa4] + Array("name".utf8) + [0xa4, 0x03] + Array("bob".utf8))
        #expect(try FilterExpression.decode(bytes) == e)
    }

    @Test func treesRoundTrip() throws {
        let trees: [FilterExpression] = [
            .or([.not(.keyExists), .gt(.ttl, .int(-100)), .le(.sinceUpdate, .int(70_000))]),
            .and([.eq(.digestModulo(3), .int(1)), .ne(.setName, .string("s")), .eq(.voidTime, .int(-1))]),
            .eq(.binBlob("b"), .blob([1, 2])), .lt(.binFloat("f"), .double(1.5)), .eq(.binType("x"), .int(3)),
            .ge(.recordSize, .int(1 << 40)), .eq(.isTombstone, .bool(false)),
        ]
        for t in trees { #expect(try FilterExpression.decode(t.encode()) == t) }
    }

    @Test func malformedExpressionsThrow() {
        for bad in [[], [0x93], [0x92, 0x01, 0x01], [0x91, 0x7f], [0xc1], [0x91, 0x42, 0x00]] as [[UInt8]] {
            #expect(throws: WireError.self) { try FilterExpression.decode(bad) }
        }
    }
}
