import AerospikeSim
import ArchiveStore

/// Maps a simulator record to the ``ArchiveRecord`` a backup of it stores.
///
/// Mirrors what a partition scan returns (SPEC.md §14 "backup", "Record mapping"): digest, set, stored
/// user key, generation, void time, bins as raw particle bytes; last-update time 0 because scans
/// do not return it.
public enum SimRecordMapping {
    /// The archive form of `record`.
    public static func archiveRecord(_ record: SimRecord) -> ArchiveRecord {
        ArchiveRecord(
            digest: record.digest.bytes, isTombstone: false, set: record.setName,
            key: record.userKey.map { ArchiveKey(particleType: $0.particleType, value: $0.data) },
            generation: UInt32(record.generation), voidTime: record.voidTime, lastUpdateTime: 0,
            bins: record.bins.map { ArchiveBin(name: $0.name, particleType: $0.particleType, value: $0.data) })
    }

    /// A tombstone for a deleted digest.
    public static func tombstone(_ digest: [UInt8]) -> ArchiveRecord {
        ArchiveRecord.tombstone(digest: digest)
    }
}
