import Testing
@testable import AerospikeWire

@Suite struct DigestTests {
    @Test(arguments: [
        ("", "9c1185a5c5e9fc54612808977ee8f548b2258d31"),
        ("a", "0bdc9d2d256b3ee9daae347be6f4dc835a467ffe"),
        ("abc", "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc"),
        ("message digest", "5d0689ef49d2fae572b881b123a85ffa21595f36"),
        ("abcdefghijklmnopqrstuvwxyz", "f71c27109c692c1b56bbdceb5b9d2865b3708dbc"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "12a053384a9c0c88e405a06c27dcf49ada62eb2b"),
        (String(repeating: "1234567890", count: 8), "9b752e45573d4b39f4dbd3323cab82bf63326bfb"),
    ])
    func ripemd160PublishedVectors(input: String, expected: String) {
        #expect(Digest.hex(RIPEMD160.hash(Array(input.utf8))) == expected)
    }

    @Test func ripemd160MillionA() {
        let input = [UInt8](repeating: 0x61, count: 1_000_000)
        #expect(Digest.hex(RIPEMD160.hash(input)) == "52783243c1697bdbe16d37f97f68f08325dc1528")
    }

    /// Lengths around the padding edges (55/56: length fits / spills into a second block; 64, 119,
    /// 120, 128: whole blocks), input byte `i` = `i % 251`; expected values from Python's hashlib (OpenSSL).
    @Test(arguments: [
        (55, "3c86963b3ff646a65ae42996e9664c747cc7e5e6"),
        (56, "ebdd79cfd4fd9949ef8089673d2620427f487cfb"),
        (63, "6d31d3d634b4a7aa15914c239576eb1956f2d9a4"),
        (64, "2581f5e9f957b44b0fa24d31996de47409dd1e0f"),
        (65, "109949b95341eeea7365e8ac4d0d3883d98f709a"),
        (119, "ad430b4283203a7b7f338b9d252dfdbf807402bf"),
        (120, "b89cdc109009f1982c8b34fca446953584d3f6c4"),
        (128, "7c4d36070c1e1176b2960a1b0dd2319d547cf8eb"),
    ])
    func ripemd160BlockBoundaries(length: Int, expected: String) {
        let input = (0..<length).map { UInt8($0 % 251) }
        #expect(Digest.hex(RIPEMD160.hash(input)) == expected)
    }

    @Test func computeWordsMatchesComputeForEveryKeyKind() {
        let long = String(repeating: "x", count: 300)
        let cases: [(String?, UserKey)] = [
            (nil, .integer(7)), ("users", .string("key-3")), (long, .blob([1, 2])), ("s", .string(long)),
        ]
        for (set, key) in cases {
            #expect(RIPEMD160.bytes(Digest.computeWords(set: set, key: key)) == Digest.compute(set: set, key: key))
            var input = Array((set ?? "").utf8)
            input += [key.particleType.rawValue] + key.valueBytes
            #expect(Digest.compute(set: set, key: key) == RIPEMD160.hash(input))
        }
    }

    @Test(arguments: [
        (UserKey.integer(0), "93d943aae37b017ad7e011b0c1d2e2143c2fb37d"),
        (.integer(-1), "22116d253745e29fc63fdf760b6e26f7e197e01d"),
        (.integer(Int64.min), "7185c2a47fb02c996daed26b4e01b83240aee9d4"),
        (.string(""), "2819b1ff6e346a43b4f5f6b77a88bc3eaac22a83"),
        (.string("s"), "607cddba7cd111745ef0a3d783d57f0e83c8f311"),
        (.string(String(repeating: "a", count: 10)), "5979fb32a80da070ff356f7695455592272e36c2"),
        (.blob([]), "327e2877b8815c7aeede0d5a8620d4ef8df4a4b4"),
    ])
    func goClientDigestVectors(key: UserKey, expected: String) {
        #expect(Digest.hex(Digest.compute(set: "set", key: key)) == expected)
    }

    @Test func partitionIDOfFirstVectorIs2451() {
        #expect(Digest.partitionID(Digest.compute(set: "set", key: .integer(0))) == 2451)
        #expect(Digest.partitionID([0xff, 0xff, 0]) == 4095)
        #expect(Digest.partitionID([]) == 0)
    }

    @Test func userKeyFieldRoundTrips() throws {
        for key in [UserKey.integer(-42), .string("k€y"), .blob([0, 255])] {
            #expect(try UserKey(fieldData: key.fieldData) == key)
        }
        #expect(throws: WireError.self) { try UserKey(fieldData: []) }
        #expect(throws: WireError.self) { try UserKey(fieldData: [1, 0, 0]) }
    }
}
