import Testing
@testable import AerospikeWire

@Suite struct ValueTests {
    @Test func particleRoundTrips() throws {
        var list = MsgPack.Writer()
        list.writeArrayHeader(2)
        list.write(Int64(1))
        list.write("a")
        let values: [Value] = [
            .nil, .integer(Int64.min), .integer(42), .double(-0.25), .string(""), .string("ünï"), .blob([0, 1, 255]),
            .bool(true), .bool(false), .geoJSON(#"{"type":"Point","coordinates":[1,2]}"#), .hll([1, 2, 3]),
            .list(msgpack: list.bytes), .map(msgpack: [0x80]), .raw(type: .javaBlob, [5, 6]),
            .raw(type: .vector, [1]),
        ]
        for v in values {
            let (t, b) = v.particle
            #expect(try Value(particleType: t, bytes: b) == v)
        }
        #expect(Value.integer(1).particle.bytes == [0, 0, 0, 0, 0, 0, 0, 1])
        #expect(Value.geoJSON("{}").particle.bytes == [0, 0, 0, 0x7b, 0x7d])
    }

    @Test func badFixedSizeParticlesThrow() throws {
        #expect(throws: WireError.self) { try Value(particleType: .integer, bytes: [1]) }
        #expect(throws: WireError.self) { try Value(particleType: .double, bytes: []) }
        #expect(throws: WireError.self) { try Value(particleType: .null, bytes: [1]) }
        #expect(try Value(particleType: .string, bytes: [0xff]) == .raw(type: .string, [0xff]))
    }

    @Test func msgpackAerospikeFlavourRoundTrips() throws {
        let element = MsgPack.Element.map([
            .init(key: .ext(type: 1, data: []), value: .nil),
            .init(key: .string("k"), value: .array([.int(-33), .int(300), .int(-70_000), .uint(UInt64.max), .double(1.5)])),
            .init(key: .blob([9, 9]), value: .bool(true)),
            .init(key: .rawString([0x61]), value: .string(String(repeating: "z", count: 300))),
        ])
        var w = MsgPack.Writer()
        w.write(element)
        var r = MsgPack.Reader(w.bytes)
        #expect(try r.readElement() == element)
        #expect(r.isAtEnd)
        var s = MsgPack.Writer()
        s.write("ab")
        #expect(s.bytes == [0xa3, 0x03, 0x61, 0x62])
        var o = MsgPack.Writer()
        o.writeExt(type: 1, [])
        #expect(o.bytes == [0xc7, 0x00, 0x01])
    }

    @Test func msgpackRejectsTruncationAndDeepNesting() {
        for bad in [[0x92, 0x01], [0xdb, 0xff, 0xff, 0xff, 0xff], [0xdd, 0x7f, 0xff, 0xff, 0xff], [0xc1]] as [[UInt8]] {
            var r = MsgPack.Reader(bad)
            #expect(throws: WireError.self) { try r.readElement() }
        }
        var deep = MsgPack.Reader([UInt8](repeating: 0x91, count: 100) + [0x01])
        #expect(throws: WireError.self) { try deep.readElement() }
    }
}
