import ArchiveStoreTestSupport
import Testing
@testable import ArchiveStore

@Suite struct RecordChunkerTests {
    static let small = ChunkerParameters(averageSize: 16 << 10, minSize: 4 << 10, maxSize: 64 << 10)
    let keys = TestKeys.keySet()

    /// A digest-sorted stream of `count` encoded records of roughly 50–650 bytes.
    static func stream(count: Int, seed: UInt64) -> [(digest: [UInt8], bytes: [UInt8])] {
        var rng = SeededGenerator(seed: seed)
        let digests = (0..<count).map { _ in RecordFixtures.digest(&rng) }.sorted { $0.lexicographicallyPrecedes($1) }
        return digests.map { d in (d, RecordCodec.encode(RecordFixtures.record(&rng, digest: d, valueSizes: 20...200))) }
    }

    static func chunk(_ records: [(digest: [UInt8], bytes: [UInt8])], _ params: ChunkerParameters, _ keys: KeySet)
        -> [[UInt8]]
    {
        var chunker = RecordChunker(parameters: params, keys: keys)
        var chunks = [[UInt8]]()
        for record in records {
            if let chunk = chunker.append(encodedRecord: record.bytes, digest: record.digest) { chunks.append(chunk) }
        }
        if let last = chunker.finish() { chunks.append(last) }
        return chunks
    }

    @Test func parameterValidation() {
        #expect(throws: Never.self) { try ChunkerParameters.default.validate() }
        #expect(throws: Never.self) { try Self.small.validate() }
        for bad in [
            ChunkerParameters(averageSize: 100, minSize: 0, maxSize: 200),
            ChunkerParameters(averageSize: 100, minSize: 100, maxSize: 200),
            ChunkerParameters(averageSize: 300, minSize: 10, maxSize: 200),
            ChunkerParameters(averageSize: 1 << 20, minSize: 10, maxSize: 1 << 30),
        ] {
            #expect(throws: ArchiveStoreError.self) { try bad.validate() }
        }
    }

    @Test func chunksAreWholeRecordsOfBoundedSize() throws {
        let records = Self.stream(count: 3000, seed: 11)
        let chunks = Self.chunk(records, Self.small, keys)
        #expect(chunks.flatMap { $0 } == records.flatMap(\.bytes))
        var decodedCount = 0
        for (index, chunk) in chunks.enumerated() {
            decodedCount += try RecordCodec.decodeAll(chunk).count
            if index < chunks.count - 1 { #expect(chunk.count >= Self.small.minSize) }
            #expect(chunk.count < Self.small.maxSize + 1000)
        }
        #expect(decodedCount == records.count)
        let total = records.reduce(0) { $0 + $1.bytes.count }
        let mean = Double(total) / Double(chunks.count)
        #expect(mean > 0.6 * Double(Self.small.averageSize) && mean < 1.6 * Double(Self.small.averageSize), "mean \(mean)")
    }

    @Test func boundariesDependOnTheKey() {
        let records = Self.stream(count: 1500, seed: 12)
        let a = Self.chunk(records, Self.small, keys).map(\.count)
        #expect(a == Self.chunk(records, Self.small, TestKeys.keySet()).map(\.count))
        #expect(a != Self.chunk(records, Self.small, TestKeys.keySet(50)).map(\.count))
    }

    @Test func oversizedRecordsAndMaxSizeCut() {
        let params = ChunkerParameters(averageSize: 4096, minSize: 1024, maxSize: 8192)
        var chunker = RecordChunker(parameters: params, keys: keys)
        let big = [UInt8](repeating: 1, count: 20_000)
        #expect(chunker.append(encodedRecord: big, digest: [UInt8](repeating: 0, count: 20)) == big)
        #expect(chunker.pendingByteCount == 0)
        #expect(chunker.finish() == nil)
        // Small records whose hash never qualifies still get cut at maxSize.
        var sizes = [Int]()
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<400 {
            var digest = rng.bytes(20)
            while RecordChunker.isCandidate(digest: digest, recordLength: 100, parameters: params, keys: keys) {
                digest = rng.bytes(20)
            }
            if let chunk = chunker.append(encodedRecord: [UInt8](repeating: 2, count: 100), digest: digest) {
                sizes.append(chunk.count)
            }
        }
        #expect(!sizes.isEmpty && sizes.allSatisfy { $0 >= params.maxSize && $0 < params.maxSize + 100 })
    }

    /// Thousands of random single-record edits (update, insert, delete) against a digest-sorted
    /// stream: each should create at most 2 new chunks in ≥ 99% of cases and never more than 4.
    @Test func editsStayLocal() {
        let records = Self.stream(count: 1500, seed: 21)
        let hasher = ChunkHasher(keys: keys)
        let baseIDs = Set(Self.chunk(records, Self.small, keys).map { hasher.id(of: $0) })
        var rng = SeededGenerator(seed: 22)
        var histogram = [Int: Int]()
        let edits = 2000
        for _ in 0..<edits {
            var edited = records
            let index = Int(rng.next() % UInt64(records.count))
            switch rng.next() % 3 {
            case 0:  // update in place: same digest, new contents
                let d = records[index].digest
                edited[index] = (d, RecordCodec.encode(RecordFixtures.record(&rng, digest: d, valueSizes: 20...200)))
            case 1:  // insert a new digest in sorted position
                let d = RecordFixtures.digest(&rng)
                let at = edited.firstIndex { !$0.digest.lexicographicallyPrecedes(d) } ?? edited.count
                edited.insert((d, RecordCodec.encode(RecordFixtures.record(&rng, digest: d, valueSizes: 20...200))), at: at)
            default:
                edited.remove(at: index)
            }
            let newChunks = Self.chunk(edited, Self.small, keys).filter { !baseIDs.contains(hasher.id(of: $0)) }
            histogram[newChunks.count, default: 0] += 1
        }
        let local = histogram.filter { $0.key <= 2 }.values.reduce(0, +)
        #expect(Double(local) >= 0.99 * Double(edits), "new-chunk histogram \(histogram.sorted { $0.key < $1.key })")
        #expect((histogram.keys.max() ?? 0) <= 4, "new-chunk histogram \(histogram.sorted { $0.key < $1.key })")
    }
}
