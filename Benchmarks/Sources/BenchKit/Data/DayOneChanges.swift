import AerospikeSim
import ArchiveStore
import Foundation

/// The "next day" of measurement 4: 1 % of records updated, 0.5 % deleted, 0.5 % inserted, spread
/// evenly over the digest-ordered stream (every 200 records: two updates and one delete), applied
/// to a simulator directly through its Swift API.
public struct DayOneChanges: Sendable {
    /// Records updated (new bin values, generation + 1, last-update now).
    public var updated: [SimRecord] = []
    /// Digests deleted.
    public var deleted: [[UInt8]] = []
    /// Records inserted (seed-mix records numbered after the day-0 ones).
    public var inserted: [SimRecord] = []

    /// Total changed records (updates + deletes + inserts).
    public var count: Int { updated.count + deleted.count + inserted.count }

    /// Applies the changes to `namespace` of `sim`, whose day-0 content is `day0`
    /// (partition/digest order) seeded from `seed` with `day0.count` records.
    public static func apply(to sim: SimCluster, namespace: String, day0: [SimRecord], seed: UInt64) throws -> DayOneChanges {
        var changes = DayOneChanges()
        let nowMs = UInt64(Date().timeIntervalSince1970 * 1000)
        for (i, var record) in day0.enumerated() {
            switch i % 200 {
            case 0, 100:
                for b in record.bins.indices {
                    if record.bins[b].name == "score" {
                        record.bins[b] = .integer("score", Int64(i))
                    } else if record.bins[b].name == "name" {
                        record.bins[b] = .string("name", "updated-\(i)")
                    }
                }
                record.generation = record.generation == UInt16.max ? 1 : record.generation + 1
                record.lastUpdateMs = nowMs
                try sim.put(namespace: namespace, record: record)
                changes.updated.append(record)
            case 50:
                try sim.remove(namespace: namespace, digest: record.digest)
                changes.deleted.append(record.digest.bytes)
            default:
                break
            }
        }
        let inserts = day0.count / 200
        for j in 0..<inserts {
            var record = sim.seedRecord(index: day0.count + j, seed: seed)
            record.lastUpdateMs = nowMs  // a real insert is stamped now (the seed mix back-dates records)
            try sim.put(namespace: namespace, record: record)
            changes.inserted.append(record)
        }
        return changes
    }

    /// Bytes the changed records take compressed: updated + inserted records RecordCodec-encoded in
    /// digest order, cut into chunks and sealed with zstd-3 (the same pipeline as a backup), plus
    /// the encoded tombstones. The bar for an incremental backup is a small multiple of this.
    public func compressedSize(keys: KeySet) throws -> Int {
        let records = (updated + inserted).map(SimRecordMapping.archiveRecord)
            + deleted.map(SimRecordMapping.tombstone)
        let dataset = EncodedDataset(records: records)
        let sealer = Sealer(keys: keys, compressionLevel: 3)
        return try dataset.chunks(keys: keys).reduce(0) {
            $0 + (try sealer.seal($1, purpose: .data, associatedData: [])).count
        }
    }
}
