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
    /// Scan requests sent (including retries).
    var scans: Int
    /// Encoded (plaintext) bytes of the records and tombstones written to this run's new layer.
    var plainBytes: Int

    var report: PartitionReport {
        PartitionReport(
            partition: partition, records: records, tombstones: tombstones, reused: reused, compacted: compacted,
            bytesNew: plainBytes, bytesReused: 0, scans: scans)
    }
}

/// A resumable backup's progress, saved sealed under `checkpoints/` (SPEC.md §14 "backup").
///
/// JSON (sorted keys): `{"version":1,"mode":…,"parent":"<hex>"|null,"scanStart":<ns>,
/// "baselineStoredBytes":<n>,"failedRecords":<n>,"outcomes":[{partition, stack, digestList, …}]}`.
struct BackupCheckpoint: Codable, Equatable {
    static let currentVersion = 1

    var version = Self.currentVersion
    var mode: BackupMode
    var parent: String?
    var scanStart: UInt64
    /// Stored chunk bytes indexed when the first run started (new bytes are measured against it).
    var baselineStoredBytes: Int
    var failedRecords: Int
    var outcomes: [PartitionOutcome]

    func encode() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(self))
    }

    static func decode(_ bytes: [UInt8]) throws -> BackupCheckpoint {
        let value: BackupCheckpoint
        do {
            value = try JSONDecoder().decode(BackupCheckpoint.self, from: Data(bytes))
        } catch {
            throw BackupError(.corrupted, "the backup checkpoint is not valid JSON", cause: error)
        }
        guard value.version == currentVersion else {
            throw BackupError(.corrupted, "backup checkpoint version \(value.version) is not supported (this build reads 1)")
        }
        return value
    }
}
