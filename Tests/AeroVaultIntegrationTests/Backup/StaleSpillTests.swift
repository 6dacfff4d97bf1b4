import ArchiveStoreTestSupport
import Foundation
import Testing

@testable import AeroVault

/// Sort spill files left in the temporary directory by killed backups (SPEC.md §14 "Temporary files").
@Suite struct StaleSpillTests {
    /// The next backup removes run files whose process is gone and old ones without a PID in their
    /// name; files of live processes (this one stands in for a concurrent backup) and recent legacy
    /// files stay.
    @Test func nextBackupRemovesSpillFilesOfDeadProcesses() async throws {
        let directory = try TestRepository.temporaryDirectory("aerovault-spill")
        defer { try? FileManager.default.removeItem(at: directory) }
        let deadPID = Int32.max - 1  // above any pid_max: no such process
        let dead = "run-\(deadPID)-17.spill"
        let live = "run-\(getpid())-18.spill"
        let oldLegacy = "run-12345678901234.spill"
        let newLegacy = "run-98765432109876.spill"
        let unrelated = "notes.txt"
        for name in [dead, live, oldLegacy, newLegacy, unrelated] {
            try Data("x".utf8).write(to: directory.appendingPathComponent(name))
        }
        try FileManager.default.setAttributes(
            [.modificationDate: Date().addingTimeInterval(-3 * 3600)],
            ofItemAtPath: directory.appendingPathComponent(oldLegacy).path)

        let cluster = try await TestCluster.start(records: 50)
        defer { Task { await cluster.stop() } }
        let (repository, _) = try await TestRepository.makeLocal()
        _ = try await BackupEngineTests.backup(cluster, repository) { $0.temporaryDirectory = directory }

        let left = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path))
        #expect(left == [live, newLegacy, unrelated])
    }

    @Test func runFilesAreNamedAfterTheirProcess() {
        #expect(SpillRun.fileName().hasPrefix("run-\(getpid())-"))
    }
}
