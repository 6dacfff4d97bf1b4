import AerospikeWire
import ArchiveStore
import Foundation

/// asbackup's content switches and limits on a backup (SPEC.md §14 "backup", "asbackup's flags"):
/// their checks, how they enter the checkpoint name and the snapshot's scope.
extension BackupConfiguration {
    /// Reads `--filter-exp`: base64 of the expression's wire form (SPEC.md §12.5), as asbackup takes it.
    /// - Throws: ``AeroVaultError`` `.invalidArgument` for bad base64 or bytes that are not one msgpack value.
    public static func filterExpression(base64 text: String) throws -> FilterExpression {
        guard let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespaces)), !bytes.isEmpty else {
            throw AeroVaultError(.invalidArgument, "--filter-exp '\(text)' is not base64 (asbackup's form of an expression)")
        }
        do {
            return try FilterExpression.encoded(wire: Array(bytes))
        } catch {
            throw AeroVaultError(.invalidArgument, "--filter-exp is not a filter expression: \(error)", cause: error)
        }
    }

    func validateAsbackupFlags() throws {
        if let maxRecords, maxRecords < 1 {
            throw AeroVaultError(.invalidArgument, "--max-records must be at least 1, not \(maxRecords)")
        }
        if noRecords, maxRecords != nil {
            throw AeroVaultError(.invalidArgument, "--no-records stores no records: --max-records has nothing to cap")
        }
        if let readBytesPerSecond, readBytesPerSecond < 1 {
            throw AeroVaultError(.invalidArgument, "--nice must be at least 1 MiB/s")
        }
        guard (0...100).contains(scanRetries) else {
            throw AeroVaultError(.invalidArgument, "--max-retries must be between 0 and 100, not \(scanRetries)")
        }
        if let retryDelay, retryDelay < .zero {
            throw AeroVaultError(.invalidArgument, "--sleep-between-retries must not be negative")
        }
        if let totalTimeout, totalTimeout <= .zero {
            throw AeroVaultError(.invalidArgument, "--total-timeout must be positive (leave it out for no limit)")
        }
        if isLimited, worker != nil {
            throw AeroVaultError(.invalidArgument, "--no-records and --max-records take one process, not --worker")
        }
    }

    /// The content flags as a snapshot scope records them (SPEC.md §9 "Scope").
    var content: SnapshotScope.Content {
        SnapshotScope.Content(
            noRecords: noRecords, noBins: noBins, maxRecords: maxRecords.map { Int64($0) },
            filterExpression: filterExpressionText)
    }

    /// The checkpoint-name lines of the content flags (the scope's words); none when none is given.
    var contentLines: [String] { content.words }

    /// The `--filter-exp` expression as given (base64), for the scope and the backup parameters.
    var filterExpressionText: String? { filterExpression.map { Data($0.encode()).base64EncodedString() } }

    /// The snapshot scope fields of these flags (SPEC.md §9 "Scope"); nil where a flag is not given.
    func contentScope(into fields: inout SnapshotScopeFields) {
        fields.noRecords = noRecords ? true : nil
        fields.noBins = noBins ? true : nil
        fields.maxRecords = maxRecords.map { Int64($0) }
        fields.filterExpression = filterExpressionText
    }
}

extension BackupConfiguration {
    /// The cluster metadata this backup stores: without indexes for `--no-indexes`, without UDFs for
    /// `--no-udfs`.
    func kept(_ metadata: ClusterMetadata) -> ClusterMetadata {
        var kept = metadata
        if noIndexes { kept.sindexes = [] }
        if noUDFs { kept.udfs = [] }
        return kept
    }
}
