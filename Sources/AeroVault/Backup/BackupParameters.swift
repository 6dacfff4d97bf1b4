import ArchiveStore
import Foundation

/// The arguments and scan start of a backup, stored with its snapshot as a JSON tree blob under the
/// metadata name ``metadataName`` (SPEC.md §17.4). The next backup reads it to decide whether
/// the snapshot can be its parent and where its changed-record scan starts.
///
/// JSON (sorted keys): `{"version":1,"mode":"full"|"incremental","scanStart":<ns>,"partitions":"0-4095",
/// "modifiedAfter":<ns>,"modifiedBefore":<ns>,"noTTLOnly":false,"compactionThreshold":8}`; the two
/// optional times are left out when absent.
struct BackupParameters: Codable, Equatable {
    static let metadataName = "backup-parameters"
    static let currentVersion = 1

    var version = Self.currentVersion
    var mode: BackupMode
    /// Taken before any scan of the first run (kept across resumed runs), ns since the Unix epoch.
    var scanStart: UInt64
    /// ``PartitionSelection`` text.
    var partitions: String
    var modifiedAfter: UInt64?
    var modifiedBefore: UInt64?
    var noTTLOnly: Bool
    var compactionThreshold: Int
    /// asbackup's content flags (SPEC.md §14 "backup", "asbackup's flags"); absent when not given.
    var noRecords: Bool?
    var noBins: Bool?
    var maxRecords: Int?
    /// Base64 of `--filter-exp`'s wire form.
    var filterExpression: String?

    init(configuration: BackupConfiguration, mode: BackupMode, scanStart: UInt64) {
        self.mode = mode
        self.scanStart = scanStart
        self.partitions = configuration.partitions.description
        self.modifiedAfter = configuration.modifiedAfter
        self.modifiedBefore = configuration.modifiedBefore
        self.noTTLOnly = configuration.noTTLOnly
        self.compactionThreshold = configuration.compactionThreshold
        self.noRecords = configuration.noRecords ? true : nil
        self.noBins = configuration.noBins ? true : nil
        self.maxRecords = configuration.maxRecords
        self.filterExpression = configuration.filterExpressionText
    }

    /// True if a snapshot taken with these parameters covers the same records as `configuration`
    /// would (same partitions and filters), so it can be the parent of an incremental backup. A
    /// limited snapshot (`--no-records`, `--max-records`) is never a parent, nor has a limited backup one.
    func matches(_ configuration: BackupConfiguration) -> Bool {
        guard noRecords == nil, maxRecords == nil, !configuration.isLimited else { return false }
        return partitions == configuration.partitions.description && modifiedAfter == configuration.modifiedAfter
            && modifiedBefore == configuration.modifiedBefore && noTTLOnly == configuration.noTTLOnly
            && (noBins ?? false) == configuration.noBins && filterExpression == configuration.filterExpressionText
    }

    func encode() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(self))
    }

    static func decode(_ bytes: [UInt8]) throws -> BackupParameters {
        let value: BackupParameters
        do {
            value = try JSONDecoder().decode(BackupParameters.self, from: Data(bytes))
        } catch {
            throw AeroVaultError(.corrupted, "a snapshot's backup-parameters blob is not valid JSON", cause: error)
        }
        guard value.version == currentVersion else {
            throw AeroVaultError(.corrupted, "backup-parameters version \(value.version) is not supported (this build reads 1)")
        }
        return value
    }
}
