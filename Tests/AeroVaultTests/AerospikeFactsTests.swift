import AeroVaultTestSupport
import AerospikeSim
import AerospikeWire
import ArchiveStore
import Testing

@testable import AeroVault

/// ArchiveStore and AerospikeWire may not import each other, so each owns one copy of the Aerospike
/// facts it needs (SPEC.md §12.3). This module sees both: here the copies are proven to agree.
@Suite struct AerospikeFactsTests {
    @Test func partitionCountsAgree() throws {
        #expect(PartitionTable.partitionCount == Digest.partitionCount)
        #expect(PartitionTable().stacks.count == Digest.partitionCount)
        #expect(PartitionSelection.all.ids == Array(0..<Digest.partitionCount))
        #expect(throws: ArchiveStoreError.self) {
            try PartitionTable(stacks: Array(repeating: [], count: Digest.partitionCount - 1))
        }
    }

    @Test func digestLengthsAgree() {
        #expect(RecordDigest.byteCount == Digest.size)
        let digest = Digest.compute(set: "set", key: .integer(0))
        #expect(RecordDigest(digest)?.bytes == digest)
        #expect(RecordDigest(Array(digest.dropLast())) == nil)
    }

    /// The simulator's inline digest and ArchiveStore's keep the same bytes, order and partition.
    @Test func simulatorAndArchiveDigestsAgree() throws {
        let digests = (0..<200).map { Digest.compute(set: "s", key: .integer(Int64($0))) }
        for (a, b) in zip(digests, digests.dropFirst()) {
            let (simA, simB) = (try #require(SimDigest(bytes: a)), try #require(SimDigest(bytes: b)))
            let (recA, recB) = (try #require(RecordDigest(a)), try #require(RecordDigest(b)))
            #expect(simA.bytes == recA.bytes)
            #expect((simA < simB) == (recA < recB))
            #expect(simA.partitionID == Digest.partitionID(recA.bytes))
            #expect(simA.description == recA.description)
        }
    }

    /// SPEC.md §12.3's worked example: `93 d9 …` is partition 2451.
    @Test func partitionOfTheSpecExample() {
        let digest = Digest.compute(set: "set", key: .integer(0))
        #expect(Digest.hex(digest) == "93d943aae37b017ad7e011b0c1d2e2143c2fb37d")
        #expect(Digest.partitionID(digest) == 2451)
        #expect(Digest.partitionID(first: 0x93, second: 0xd9) == 2451)
    }

    /// Every two-byte digest prefix maps into the table's partitions, and restore's in-memory source
    /// groups records by the same id as the wire client.
    @Test func everyPrefixMapsIntoTheTable() {
        let ids = (0..<65536).map { Digest.partitionID(first: UInt8($0 & 0xFF), second: UInt8($0 >> 8)) }
        #expect(ids.allSatisfy { (0..<PartitionTable.partitionCount).contains($0) })
        #expect(Set(ids).count == PartitionTable.partitionCount)
        let records = (0..<64).map { ArchiveRecord(digest: Digest.compute(set: nil, key: .integer(Int64($0)))) }
        let source = InMemorySnapshotSource(records: records)
        for (partition, grouped) in source.partitions {
            #expect(grouped.allSatisfy { Digest.partitionID($0.digest) == partition })
        }
    }
}
