import AeroVault
import AerospikeWire
import ArchiveStore
import ArgumentParser
import Foundation
import Testing

@testable import AeroVaultCLI

/// The CLI's exit-code map (Swift Testing has an `ExitStatus` of its own).
typealias Exit = AeroVaultCLI.ExitStatus

/// The one exit-code map (`ExitStatus`) against SPEC.md §14's table, every error type the CLI sees,
/// and the engines' typed outcomes (issue 16 item 7).
@Suite struct ExitStatusSpecTests {
    /// `code → meaning` of the table under "## 14. Commands and exit codes" in SPEC.md.
    static func specTable() throws -> [Int32: String] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let spec = try String(contentsOf: root.appendingPathComponent("SPEC.md"), encoding: .utf8)
        let section = try #require(spec.range(of: "## 14. Commands and exit codes"))
        var rows: [Int32: String] = [:]
        for line in spec[section.upperBound...].split(separator: "\n").prefix(30) {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard line.hasPrefix("|"), cells.count == 2, let code = Int32(cells[0]) else { continue }
            rows[code] = cells[1]
        }
        return rows
    }

    /// For each status, errors a command can throw that must map to it.
    static func representatives() -> [Exit: [any Error]] { [
        .failure: [
            AeroVaultError(.recordsFailed, "3 records failed"), AeroVaultError(.clusterUnreachable, "down"),
            WireError(.connection, "refused"), ArchiveStoreError(.corrupted, "damaged key file keys/ab"),
            CocoaError(.fileReadNoPermission),
        ],
        .partial: [PartialSuccess(description: "skipped 1 snapshot")],
        .noRepository: [ArchiveStoreError(.noRepository, "no repository")],
        .lockFailed: [ArchiveStoreError(.locked, "locked by pid 7")],
        .wrongPassword: [ArchiveStoreError(.wrongPassword, "wrong password")],
        .roleRefused: [ArchiveStoreError(.roleRefused, "prune needs a key with role admin")],
        .usage: [ValidationError("give at least one --host")],
        .interrupted: [CancellationError(), AeroVaultError(.cancelled, "interrupted")],
    ] }

    @Test func specTableListsExactlyTheMappedCodes() async throws {
        let table = try Self.specTable()
        #expect(Set(table.keys) == Set(Exit.allCases.map(\.rawValue)))
        #expect(table[0] == "success")
        #expect(table[3]?.hasPrefix("finished, but something was skipped") == true)
        #expect(table[130]?.hasPrefix("interrupted") == true)
        // Every command's --help ends with the same codes, in the same order.
        let helpCodes = Exit.helpText.split(separator: "\n").dropFirst()
            .compactMap { Int32($0.split(separator: " ").first ?? "") }
        #expect(helpCodes == Exit.allCases.map(\.rawValue))
        #expect(helpCodes == table.keys.sorted())
    }

    @Test func everySpecRowHasErrorsMappingToIt() async throws {
        for code in try Self.specTable().keys where code != 0 {
            let status = try #require(Exit(rawValue: code))
            let errors = try #require(Self.representatives()[status], "no representative error for exit \(code)")
            for error in errors {
                #expect(Exit.of(error) == status, "\(error) → \(Exit.of(error)), SPEC says \(code)")
            }
        }
    }

    @Test func everyEngineErrorCodeIsAFailureExceptCancelled() async {
        for code in AeroVaultError.Code.allCases {
            #expect(Exit.of(code) == (code == .cancelled ? .interrupted : .failure), "\(code)")
        }
    }

    /// A cluster failure the engines did not wrap still gets the `--json` error object (SPEC.md §14 "Errors").
    @Test func wireErrorGivesAJSONErrorObject() async throws {
        let error = WireError(.timeout, "node BB9 did not answer within 10 s")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(Exit.errorLine(for: error, json: true).utf8)) as? [String: Any])
        #expect(object["message_type"] as? String == "exit_error")
        #expect(object["code"] as? Int == 1)
        #expect((object["message"] as? String)?.contains("did not answer") == true)
        #expect(Exit.errorLine(for: error, json: false).hasPrefix("aerovault: "))
        let usage = try #require(
            try JSONSerialization.jsonObject(
                with: Data(Exit.errorLine(for: ValidationError("give at least one --host"), json: true).utf8))
                as? [String: Any])
        #expect(usage["code"] as? Int == 64 && usage["message"] as? String == "give at least one --host")
    }

    /// ArgumentParser's own errors (parse errors, `--help`) keep its output; everything else is ours.
    @Test func argumentParserErrorsAreToldApart() async {
        #expect(Exit.isArgumentParserError(ValidationError("give at least one --host")))
        #expect(!Exit.isArgumentParserError(WireError(.timeout, "no answer")))
        #expect(!Exit.isArgumentParserError(AeroVaultError(.cancelled, "interrupted")))
        #expect(!Exit.isArgumentParserError(PartialSuccess(description: "skipped")))
        #expect(throws: (any Error).self) { _ = try AeroVaultCommand.parseAsRoot(["backup", "--bogus"]) }
        do {
            _ = try AeroVaultCommand.parseAsRoot(["backup", "--bogus"])
        } catch {
            #expect(Exit.isArgumentParserError(error), "\(error)")
        }
    }

    @Test func restoreOutcomesMapToSpecCodes() async {
        func status(_ report: RestoreReport, ignoring: Bool) -> Exit {
            Exit.error(for: report, ignoreRecordErrors: ignoring).map { Exit.of($0) } ?? .success
        }
        var report = RestoreReport(snapshotID: "ab12cd34", sourceNamespace: "a", targetNamespace: "a", dryRun: false)
        report.counts.restored = 10
        #expect(status(report, ignoring: false) == .success)
        report.counts.failed = 2
        #expect(status(report, ignoring: true) == .partial)
        #expect(status(report, ignoring: false) == .failure)
        #expect((Exit.error(for: report, ignoreRecordErrors: false) as? AeroVaultError)?.code == .recordsFailed)
        report.partitionsNotStarted = [9, 10, 11]
        #expect(status(report, ignoring: true) == .failure)
        let error = Exit.error(for: report, ignoreRecordErrors: true) as? AeroVaultError
        #expect(error?.code == .partitionsFailed)
        #expect(error?.message.contains("Partitions not restored: 9-11") == true)
    }

    @Test func verifyAndBackupOutcomesMapToSpecCodes() async {
        var report = VerifyReport(snapshotID: "ab12cd34", snapshotNamespace: "a", clusterNamespace: "b")
        #expect(Exit.error(for: report) == nil)
        report.tally.missing = 1
        #expect((Exit.error(for: report) as? AeroVaultError)?.code == .mismatch)
        report.partitionsFailed = [PartitionFailure(partition: 4, message: "chunk damaged", recordsWritten: 0)]
        let failed = Exit.error(for: report) as? AeroVaultError
        #expect(failed?.code == .partitionsFailed && failed?.message.contains("chunk damaged") == true)

        var summary = BackupSummary(
            snapshotID: "ab", parent: nil, mode: .full, snapshotRecords: 1, records: 1, tombstones: 0,
            partitionsChanged: 1, partitionsReused: 0, partitionsResumed: 0, partitionsCompacted: 0, scans: 1,
            bytesNew: 1, bytesReused: 0, failedRecords: 0, durationSeconds: 1, scanStart: 1)
        #expect(Exit.error(for: summary) == nil)
        summary.failedRecords = 2
        #expect(Exit.error(for: summary).map { Exit.of($0) } == .partial)
    }

    /// End to end: an unreachable cluster under `--json` ends with the error object and exit 1.
    @Test func unreachableClusterWithJSONPrintsTheErrorObject() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try await cli.initRepository().status == 0)
        // Port 1 on the loopback: nothing listens, the connection is refused at once.
        let result = try await cli.run(["backup", "-h", "127.0.0.1:1", "-n", "test", "--json"])
        #expect(result.status == 1, "\(result.stderr)")
        let object = CLIRunner.json(result.stderr) as? [String: Any]
        #expect(object?["message_type"] as? String == "exit_error", "\(result.stderr)")
        #expect(object?["code"] as? Int == 1)
        #expect((object?["message"] as? String)?.contains("cannot reach the cluster") == true, "\(result.stderr)")
        // A usage error found while running (no --host) is a JSON object too, with exit 64.
        let usage = try await cli.run(["backup", "-n", "test", "--json"])
        #expect(usage.status == 64, "\(usage.stderr)")
        #expect((CLIRunner.json(usage.stderr) as? [String: Any])?["code"] as? Int == 64, "\(usage.stderr)")
    }
}
