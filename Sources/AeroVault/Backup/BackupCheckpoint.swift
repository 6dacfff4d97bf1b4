import Foundation

/// A resumable backup's progress, saved sealed under `checkpoints/` (SPEC.md §17.6).
///
/// JSON (sorted keys; `parent` left out when absent): `{"version":1,"mode":…,"parent":"<hex>","scanStart":<ns>,
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
            throw AeroVaultError(.corrupted, "the backup checkpoint is not valid JSON", cause: error)
        }
        guard value.version == currentVersion else {
            throw AeroVaultError(.corrupted, "backup checkpoint version \(value.version) is not supported (this build reads 1)")
        }
        return value
    }
}
