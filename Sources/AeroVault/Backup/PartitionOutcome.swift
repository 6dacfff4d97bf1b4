import Foundation
import ArchiveStore

/// What one partition contributes to the new snapshot; kept in checkpoints so a rerun skips it.
struct PartitionOutcome: Codable, Equatable, Sendable {
    var partition: Int
    /// Layer stack, oldest first (empty for an empty partition).
    var stack: [LayerRef]
    /// The partition's digest-list chunk.
    var digestList: ChunkID
    /// Digests in that list (records visible in the snapshot, as of the digest scan).
    var visibleRecords: Int
    /// Records written to this run's new layer.
    var records: Int
    /// Tombstones written to this run's new layer.
    var tombstones: Int
    var reused: Bool
    var compacted: Bool
    /// Scan requests that covered this partition (including retries; each covers its whole group).
    var scans: Int
    /// Encoded (plaintext) bytes of the records and tombstones written to this run's new layer.
    var plainBytes: Int

    var report: PartitionReport {
        PartitionReport(
            partition: partition, records: records, tombstones: tombstones, reused: reused, compacted: compacted,
            plainBytes: plainBytes, scans: scans)
    }
}
