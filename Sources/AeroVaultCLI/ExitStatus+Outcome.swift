import AeroVault
import Foundation

/// Engine outcomes → the error a command ends with (then ``ExitStatus/of(_:)`` gives the exit code):
/// the commands call these instead of choosing codes themselves (SPEC.md §14 "backup", "restore" and
/// "verify", "Exit status").
extension ExitStatus {
    /// A backup whose snapshot was saved: 3 when some records could not be mapped, else nil (0).
    static func error(for summary: BackupSummary) -> (any Error)? {
        guard summary.failedRecords > 0 else { return nil }
        return PartialSuccess(
            description: "\(summary.failedRecords) records could not be backed up (see the record_error lines); "
                + "the snapshot holds every other record")
    }

    /// A restore: nil when complete; failed records are 3 with `--ignore-record-error`, else 1 like
    /// failed or unstarted partitions.
    static func error(for report: RestoreReport, ignoreRecordErrors: Bool) -> (any Error)? {
        switch report.status {
        case .complete: return nil
        case .recordsFailed where ignoreRecordErrors:
            return PartialSuccess(description: "\(report.counts.failed) records could not be written (see the summary)")
        case .recordsFailed: return AeroVaultError(.recordsFailed, restoreFailure(report))
        case .partitionsFailed: return AeroVaultError(.partitionsFailed, restoreFailure(report))
        }
    }

    /// A verify: nil when identical, else 1 (differences, or partitions not compared).
    static func error(for report: VerifyReport) -> (any Error)? {
        let what = "snapshot \(report.snapshotID.prefix(8)) and namespace \(report.clusterNamespace)"
        switch report.status {
        case .identical: return nil
        case .different: return AeroVaultError(.mismatch, "\(what) differ: \(report.countsLine)")
        case .partitionsFailed:
            let first = report.partitionsFailed[0]
            return AeroVaultError(
                .partitionsFailed,
                "\(what) could not be compared completely (first failed partition \(first.partition): "
                    + "\(first.message)): \(report.countsLine)")
        }
    }

    /// A restore's exit message: what failed and what was not restored.
    static func restoreFailure(_ report: RestoreReport) -> String {
        var parts: [String] = []
        if let first = report.partitionsFailed.first {
            parts.append("\(report.partitionsFailed.count) partitions failed (first: partition \(first.partition): \(first.message))")
        }
        if report.counts.failed > 0 { parts.append("\(report.counts.failed) records failed to write") }
        if !report.partitionsNotStarted.isEmpty { parts.append("\(report.partitionsNotStarted.count) partitions not started") }
        return "restore incomplete: " + parts.joined(separator: "; ")
            + ". Partitions not restored: "
            + RestoreReport.describe(partitions: report.partitionsFailed.map(\.partition) + report.partitionsNotStarted)
    }
}
