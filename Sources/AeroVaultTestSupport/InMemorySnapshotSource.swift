import AeroVault
import AerospikeWire
import ArchiveStore

/// An in-memory ``SnapshotRecordSource`` for restore and verify tests: records per partition, already sorted.
public struct InMemorySnapshotSource: SnapshotRecordSource {
    /// Partition → records ascending by digest.
    public var partitions: [Int: [ArchiveRecord]]
    /// Partitions whose read fails with this error after `failAfter` records.
    public var failures: [Int: (failAfter: Int, error: ArchiveStoreError)]

    public init(partitions: [Int: [ArchiveRecord]], failures: [Int: (failAfter: Int, error: ArchiveStoreError)] = [:]) {
        self.partitions = partitions
        self.failures = failures
    }

    /// Groups `records` by partition (``Digest/partitionID(_:)``, SPEC.md §12.3) and sorts them.
    public init(records: [ArchiveRecord]) {
        var byPartition: [Int: [ArchiveRecord]] = [:]
        for r in records {
            byPartition[Digest.partitionID(r.digest), default: []].append(r)
        }
        for p in byPartition.keys { byPartition[p]?.sort { $0.digest.lexicographicallyPrecedes($1.digest) } }
        self.init(partitions: byPartition)
    }

    public func forEachRecord(partition: Int, _ body: (ArchiveRecord) async throws -> Void) async throws {
        let failure = failures[partition]
        for (i, record) in (partitions[partition] ?? []).enumerated() {
            if let failure, i >= failure.failAfter { throw failure.error }
            try await body(record)
        }
        if let failure, failure.failAfter >= (partitions[partition]?.count ?? 0) { throw failure.error }
    }

    public func estimatedRecordCount(partition: Int) -> Int { partitions[partition]?.count ?? 0 }
}

extension InMemorySnapshotSource {
    /// `count` records with digests spread over partitions (partition = i % 64 via the first two
    /// bytes), sets "even" and "odd", generation 2 and one integer bin `i`.
    public static func sampleRecords(_ count: Int, voidTime: (Int) -> UInt32 = { _ in 0 }) -> [ArchiveRecord] {
        (0..<count).map { i in
            var digest = [UInt8](repeating: 0, count: 20)
            digest[0] = UInt8(i % 64)
            digest[2] = UInt8(i / 64)
            digest[3] = UInt8(i % 251)
            return ArchiveRecord(
                digest: digest, set: i % 2 == 0 ? "even" : "odd", generation: 2, voidTime: voidTime(i),
                bins: [ArchiveBin(name: "i", particleType: 1, value: withUnsafeBytes(of: Int64(i).bigEndian, Array.init))])
        }
    }
}
