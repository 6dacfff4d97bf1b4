import Testing
@testable import ArchiveStore

@Suite struct HashTests {
    private func hex(_ s: String) -> [UInt8] { HexCoding.decode(s)! }

    /// RFC 7693 Appendix A (BLAKE2b-512 of "abc") and the common BLAKE2b-256 vectors.
    @Test func unkeyedKnownAnswers() {
        #expect(
            HexCoding.encode(Blake2b.hash(Array("abc".utf8), outputLength: 64))
                == "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923")
        #expect(
            FileHash.id(of: Array("abc".utf8)).hex
                == "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319")
        #expect(
            FileHash.id(of: []).hex == "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8")
    }

    /// The BLAKE2 reference keyed test vectors (blake2b-kat.txt): key = 00 01 .. 3f.
    @Test func keyedKnownAnswers() {
        let key = SecretBytes(copying: (0..<64).map { UInt8($0) })
        #expect(
            HexCoding.encode(Blake2b.hash([], key: key, outputLength: 64))
                == "10ebb67700b1868efb4417987acf4690ae9d972fb7a590c2f02871799aaa4786"
                + "b5e996e8f0f4eb981fc214b005f42d2ff4233499391653df7aefcbc13fc51568")
        #expect(
            HexCoding.encode(Blake2b.hash([0], key: key, outputLength: 64))
                == "961f6dd1e4dd30f63901690c512e78e4b45e4742ed197c3c5e45c549fd25f2e4"
                + "187b0bc9fe30492b16b0d0bc4ef9b0f34c7003fac09a5ef1532e69430234cebd")
        #expect(
            HexCoding.encode(Blake2b.hash((0..<255).map { UInt8($0) }, key: key, outputLength: 64))
                == "142709d62e28fcccd0af97fad0f8465b971e82201dc51070faa0372aa43e9248"
                + "4be1c1e73ba10906d5d1853db6a4106e0a7bf9800d373d6dee2d46d62ef2a461")
    }

    @Test func chunkIDsAreKeyedAndDeterministic() {
        let data = Array("some chunk".utf8)
        let a = ChunkHasher(keys: TestKeys.keySet(1))
        let b = ChunkHasher(keys: TestKeys.keySet(2))
        #expect(a.id(of: data) == ChunkHasher(keys: TestKeys.keySet(1)).id(of: data))
        #expect(a.id(of: data) != b.id(of: data))
        #expect(a.id(of: data) != FileHash.id(of: data))
        #expect(a.id(of: data) != a.id(of: data + [0]))
    }
}
