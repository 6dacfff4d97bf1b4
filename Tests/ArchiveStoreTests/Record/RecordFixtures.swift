import ArchiveStoreTestSupport
@testable import ArchiveStore

/// Random records for codec and chunker tests.
enum RecordFixtures {
    /// Aerospike particle types (SPEC.md §12.2): null, integer, float, string, blob, language
    /// blobs 7–12, vector, bool, HLL, map, list, GeoJSON.
    static let particleTypes: [UInt8] = [0, 1, 2, 3, 4, 7, 8, 9, 10, 11, 12, 16, 17, 18, 19, 20, 23]

    static func digest(_ rng: inout SeededGenerator) -> [UInt8] { rng.bytes(ArchiveRecord.digestByteCount) }

    static func record(_ rng: inout SeededGenerator, digest: [UInt8]? = nil, valueSizes: ClosedRange<Int> = 0...40)
        -> ArchiveRecord
    {
        let d = digest ?? self.digest(&rng)
        if rng.next() % 10 == 0 { return .tombstone(digest: d) }
        let sets: [String?] = [nil, "", "users", "séts-ünïcode", String(repeating: "s", count: 63)]
        var record = ArchiveRecord(digest: d, set: sets[Int(rng.next() % UInt64(sets.count))])
        switch rng.next() % 3 {
        case 0: record.key = nil
        case 1: record.key = ArchiveKey(particleType: 3, value: [])
        default:
            let type = particleTypes[Int(rng.next() % UInt64(particleTypes.count))]
            record.key = ArchiveKey(particleType: type, value: rng.bytes(Int(rng.next() % 30)))
        }
        record.generation = UInt32(truncatingIfNeeded: rng.next())
        record.voidTime = rng.next() % 2 == 0 ? 0 : UInt32(truncatingIfNeeded: rng.next())
        record.lastUpdateTime = rng.next()
        let binCount = Int(rng.next() % 6)
        let span = UInt64(valueSizes.count)
        record.bins = (0..<binCount).map { i in
            ArchiveBin(
                name: i == 0 ? "" : (i == 1 ? "bïn" : "b\(i)"),
                particleType: particleTypes[Int(rng.next() % UInt64(particleTypes.count))],
                value: rng.bytes(valueSizes.lowerBound + Int(rng.next() % span)))
        }
        return record
    }
}
