import ArchiveStoreTestSupport
import Testing
@testable import ArchiveStore

@Suite struct RecordCodecTests {
    /// The record of SPEC.md §5 "Example".
    static let golden = ArchiveRecord(
        digest: (0..<20).map { UInt8($0) }, set: "demo", key: ArchiveKey(particleType: 3, value: Array("k1".utf8)),
        generation: 2, voidTime: 0x0102_0304, lastUpdateTime: 0x0102_0304_0506_0708,
        bins: [
            ArchiveBin(name: "n", particleType: 1, value: [0, 0, 0, 0, 0, 0, 0, 42]),
            ArchiveBin(name: "s", particleType: 3, value: Array("hi".utf8)),
        ])
    static let goldenHex =
        "42" + "0106" + "000102030405060708090a0b0c0d0e0f10111213" + "0464656d6f" + "03026b31" + "02000000"
        + "04030201" + "0807060504030201" + "02" + "016e0108000000000000002a" + "017303026869"

    private func expectCorrupted(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        var offset = 0
        #expect(sourceLocation: sourceLocation) { try RecordCodec.decode(bytes, at: &offset) } throws: { error in
            (error as? ArchiveStoreError)?.code == .corrupted
        }
        #expect(offset == 0, sourceLocation: sourceLocation)
    }

    @Test func goldenBytes() throws {
        let bytes = RecordCodec.encode(Self.golden)
        #expect(HexCoding.encode(bytes) == Self.goldenHex)
        #expect(try RecordCodec.decodeAll(HexCoding.decode(Self.goldenHex)!) == [Self.golden])
    }

    @Test func goldenTombstone() throws {
        let tombstone = ArchiveRecord.tombstone(digest: [UInt8](repeating: 0xEE, count: 20))
        let bytes = RecordCodec.encode(tombstone)
        #expect(HexCoding.encode(bytes) == "160101" + String(repeating: "ee", count: 20))
        #expect(try RecordCodec.decodeAll(bytes) == [tombstone])
    }

    /// Tombstones store only the digest; other fields are dropped.
    @Test func tombstoneDropsOtherFields() throws {
        var record = Self.golden
        record.isTombstone = true
        #expect(try RecordCodec.decodeAll(RecordCodec.encode(record)) == [.tombstone(digest: record.digest)])
    }

    @Test func randomRoundTrip() throws {
        var rng = SeededGenerator(seed: 1)
        var stream = [UInt8]()
        var records = [ArchiveRecord]()
        for _ in 0..<500 {
            let record = RecordFixtures.record(&rng, valueSizes: 0...300)
            records.append(record)
            RecordCodec.encode(record, into: &stream)
        }
        #expect(try RecordCodec.decodeAll(stream) == records)
        #expect(records.contains { $0.isTombstone })
        #expect(records.contains { $0.set == "" } && records.contains { $0.set == nil })
        #expect(records.contains { $0.key?.value == [] } && records.contains { $0.bins.isEmpty && !$0.isTombstone })
        // decode(at:) walks the same stream one record at a time.
        var offset = 0
        for record in records { #expect(try RecordCodec.decode(stream, at: &offset) == record) }
        #expect(offset == stream.count)
    }

    @Test func largeValuesUseMultiByteVarints() throws {
        let record = ArchiveRecord(
            digest: [UInt8](repeating: 1, count: 20), bins: [ArchiveBin(name: "big", particleType: 4, value: .init(repeating: 9, count: 70_000))])
        #expect(try RecordCodec.decodeAll(RecordCodec.encode(record)) == [record])
    }

    @Test func everyTruncationIsRejected() throws {
        let bytes = RecordCodec.encode(Self.golden)
        for length in 0..<bytes.count { expectCorrupted(Array(bytes[..<length])) }
        // In a stream, a cut inside a record throws; a cut between records yields the whole records before it.
        let stream = bytes + RecordCodec.encode(.tombstone(digest: .init(repeating: 3, count: 20))) + bytes
        let boundaries = [0, bytes.count, bytes.count + 23, stream.count]
        for length in 0...stream.count {
            let prefix = Array(stream[..<length])
            if let index = boundaries.firstIndex(of: length) {
                #expect(try RecordCodec.decodeAll(prefix).count == index)
            } else {
                #expect(throws: ArchiveStoreError.self) { try RecordCodec.decodeAll(prefix) }
            }
        }
    }

    @Test func malformedInputIsRejected() throws {
        let good = RecordCodec.encode(Self.golden)
        let digest = [UInt8](repeating: 0, count: 20)
        // Absurd record length (2^63) and an 11-byte varint.
        expectCorrupted([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01] + good)
        expectCorrupted([UInt8](repeating: 0xFF, count: 10) + [0x01])
        // Non-minimal varint length (0x42 written as C2 00).
        expectCorrupted([0xC2, 0x00] + good.dropFirst())
        // Unknown flag bits; tombstone carrying a set flag; trailing byte in a tombstone body.
        expectCorrupted([22, 1, 0x08] + digest)
        expectCorrupted([22, 1, 0x03] + digest)
        expectCorrupted([23, 1, 0x01] + digest + [0])
        // Bin count far larger than the bytes left.
        var hugeBins = Array(good[0..<48]) + [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]
        hugeBins[0] = UInt8(hugeBins.count - 1)
        expectCorrupted(hugeBins)
        // A set name length past the end of the body.
        var longSet = good
        longSet[23] = 0x7F
        expectCorrupted(longSet)
        // Invalid UTF-8 in the set name.
        var badUTF8 = good
        badUTF8[24] = 0xFF
        expectCorrupted(badUTF8)
        // Unknown version.
        var future = good
        future[1] = 2
        var offset = 0
        #expect { try RecordCodec.decode(future, at: &offset) } throws: { error in
            (error as? ArchiveStoreError)?.code == .unsupportedFormatVersion
        }
        // Offsets outside the buffer.
        var past = good.count
        #expect(throws: ArchiveStoreError.self) { try RecordCodec.decode(good, at: &past) }
        var negative = -1
        #expect(throws: ArchiveStoreError.self) { try RecordCodec.decode(good, at: &negative) }
    }

    /// Random garbage and single-byte flips never crash: each either decodes or throws.
    @Test func randomBytesNeverCrash() {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<3000 {
            let length = Int(rng.next() % 120)
            var bytes = rng.bytes(length)
            if length > 2, rng.next() % 2 == 0 {
                bytes[0] = UInt8(length - 1)  // a plausible length prefix
                bytes[1] = 1  // and version
            }
            _ = try? RecordCodec.decodeAll(bytes)
        }
        let good = RecordCodec.encode(Self.golden)
        for index in good.indices {
            for mask: UInt8 in [0x01, 0x40, 0x80, 0xFF] {
                var bad = good
                bad[index] ^= mask
                if let decoded = try? RecordCodec.decodeAll(bad) { #expect(decoded != [Self.golden], "index \(index) mask \(mask)") }
            }
        }
    }
}
