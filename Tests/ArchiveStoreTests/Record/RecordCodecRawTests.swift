import ArchiveStoreTestSupport
import Testing
@testable import ArchiveStore

/// The slice-based encoder must write exactly the bytes of ``RecordCodec/encode(_:into:)`` (the format
/// does not change), and ``RecordCodec/extent(of:at:)`` must find records without decoding them.
@Suite struct RecordCodecRawTests {
    static func appendRaw(_ record: ArchiveRecord, into out: inout [UInt8]) {
        func withOptional<R>(_ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
            guard let bytes else { return body(nil) }
            return bytes.withUnsafeBytes { body($0) }
        }
        record.digest.withUnsafeBytes { digest in
            withOptional(record.set.map { Array($0.utf8) }) { set in
                withOptional(record.key?.value) { keyValue in
                    let key = record.key.map { (particleType: $0.particleType, value: keyValue!) }
                    RecordCodec.appendRecord(
                        into: &out, digest: digest, set: set, key: key, generation: record.generation,
                        voidTime: record.voidTime, lastUpdateTime: record.lastUpdateTime, binCount: record.bins.count
                    ) { writer in
                        for bin in record.bins {
                            Array(bin.name.utf8).withUnsafeBytes { name in
                                bin.value.withUnsafeBytes { value in
                                    writer.append(name: name, particleType: bin.particleType, value: value)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test func goldenRecordEncodesIdentically() {
        var out: [UInt8] = [0xAA]
        Self.appendRaw(RecordCodecTests.golden, into: &out)
        #expect(HexCoding.encode(out) == "aa" + RecordCodecTests.goldenHex)
    }

    /// Random records of every body size class (1-, 2- and 3-byte length prefixes).
    @Test(arguments: [0...8, 0...40, 2000...6000, 9000...20000])
    func randomRecordsEncodeIdentically(valueSizes: ClosedRange<Int>) throws {
        var rng = SeededGenerator(seed: UInt64(valueSizes.upperBound))
        var expected: [UInt8] = []
        var actual: [UInt8] = []
        var records: [ArchiveRecord] = []
        for _ in 0..<60 {
            var record = RecordFixtures.record(&rng, valueSizes: valueSizes)
            if record.isTombstone { record.isTombstone = false }
            records.append(record)
            RecordCodec.encode(record, into: &expected)
            Self.appendRaw(record, into: &actual)
        }
        #expect(actual == expected)
        // extent(of:at:) walks the same stream record by record.
        var offset = 0
        for record in records {
            let start = offset
            let extent = try RecordCodec.extent(of: actual, at: &offset)
            #expect(extent.range == start..<offset)
            #expect(extent.digest.bytes == record.digest)
            #expect(!extent.isTombstone)
            var inner = 0
            #expect(try RecordCodec.decode(Array(actual[extent.range]), at: &inner) == record)
        }
        #expect(offset == actual.count)
    }

    @Test func failingBinsLeaveOutputUnchanged() {
        struct Stop: Error {}
        var out: [UInt8] = [1, 2, 3]
        let digest = [UInt8](repeating: 7, count: 20)
        #expect(throws: Stop.self) {
            try digest.withUnsafeBytes { d in
                try RecordCodec.appendRecord(
                    into: &out, digest: d, set: nil, key: nil, generation: 1, voidTime: 0, lastUpdateTime: 0, binCount: 1
                ) { _ in throw Stop() }
            }
        }
        #expect(out == [1, 2, 3])
    }

    @Test func extentOfTombstoneAndDamage() throws {
        let tombstone = RecordCodec.encode(.tombstone(digest: [UInt8](repeating: 0xEE, count: 20)))
        var offset = 0
        let extent = try RecordCodec.extent(of: tombstone, at: &offset)
        #expect(extent.isTombstone && extent.range == 0..<tombstone.count)
        for cut in 0..<tombstone.count {
            var at = 0
            #expect(throws: ArchiveStoreError.self) { try RecordCodec.extent(of: Array(tombstone[..<cut]), at: &at) }
        }
        var wrongVersion = tombstone
        wrongVersion[1] = 9
        var at = 0
        #expect { try RecordCodec.extent(of: wrongVersion, at: &at) } throws: {
            ($0 as? ArchiveStoreError)?.code == .unsupportedFormatVersion
        }
    }

    @Test func recordDigestOrder() {
        var rng = SeededGenerator(seed: 99)
        let digests = (0..<300).map { _ in RecordFixtures.digest(&rng) }
        for (a, b) in zip(digests, digests.dropFirst()) {
            let (x, y) = (RecordDigest(a), RecordDigest(b))
            #expect(x.map { $0.bytes } == a)
            #expect((x! < y!) == a.lexicographicallyPrecedes(b))
        }
        #expect(RecordDigest([1, 2, 3]) == nil)
    }
}
