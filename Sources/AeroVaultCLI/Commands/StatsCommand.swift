import AeroVault
import ArchiveStore
import ArgumentParser
import Foundation

/// `aerovault stats`: restore size or stored size of snapshots.
struct StatsCommand: RepositoryCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show how much data snapshots hold.",
        discussion: """
            restore-size (default): live records after merging each snapshot's layers and their encoded \
            size, summed over the snapshots. raw-data: the distinct chunks the snapshots reference \
            (shared chunks once), their plaintext and stored (compressed, encrypted) sizes, and the \
            packs holding them. Without ids: every snapshot matching the filters.

            \(ExitStatus.helpText)
            """)
    static var lockMode: LockMode { .shared }

    enum Mode: String, ExpressibleByArgument, CaseIterable {
        case restoreSize = "restore-size"
        case rawData = "raw-data"
    }

    static var access: RepositoryAccess { .read }

    @OptionGroup var repositoryOptions: RepositoryOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var noLock: NoLockOptions
    var readOnly: Bool { noLock.enabled }
    @OptionGroup var filterOptions: SnapshotFilterOptions

    @Argument(help: "Snapshots (ids, unique prefixes or \"latest\"); default: all.")
    var snapshots: [String] = []

    @Option(help: "restore-size or raw-data.")
    var mode: Mode = .restoreSize

    func run(in context: CommandContext) async throws {
        let repository = context.repository
        let ids: [SnapshotID]
        if snapshots.isEmpty {
            ids = try await repository.snapshotSummaries(matching: filterOptions.filter).map(\.id)
        } else {
            ids = try await SnapshotForgetter(repository: repository).resolve(snapshots).map(\.id)
        }
        let statistics = SnapshotStatistics(repository: repository)
        let output = context.output
        switch mode {
        case .restoreSize:
            let stats = try await statistics.restoreSize(ids)
            if output.json {
                struct JSON: Encodable { var mode = "restore-size"; var snapshots: Int; var records: UInt64; var bytes: UInt64 }
                return try output.emit(JSON(snapshots: stats.snapshots, records: stats.records, bytes: stats.bytes))
            }
            output.say("""
                Stats in restore-size mode:
                     Snapshots processed:  \(stats.snapshots)
                           Total records:  \(stats.records)
                              Total size:  \(SnapshotTable.bytes(stats.bytes))
                """)
        case .rawData:
            let stats = try await statistics.rawData(ids)
            if output.json {
                struct JSON: Encodable {
                    var mode = "raw-data"
                    var snapshots: Int
                    var chunks: Int
                    var tree_chunks: Int
                    var plaintext_bytes: UInt64
                    var stored_bytes: UInt64
                    var packs: Int
                }
                return try output.emit(JSON(
                    snapshots: stats.snapshots, chunks: stats.chunks, tree_chunks: stats.treeChunks,
                    plaintext_bytes: stats.plaintextBytes, stored_bytes: stats.storedBytes, packs: stats.packs))
            }
            let ratio = stats.storedBytes > 0 ? Double(stats.plaintextBytes) / Double(stats.storedBytes) : 1
            output.say("""
                Stats in raw-data mode:
                     Snapshots processed:  \(stats.snapshots)
                        Chunks (of tree):  \(stats.chunks) (\(stats.treeChunks))
                  Total uncompressed size:  \(SnapshotTable.bytes(stats.plaintextBytes))
                       Total stored size:  \(SnapshotTable.bytes(stats.storedBytes))
                       Compression ratio:  \(String(format: "%.2f", ratio))x
                                   Packs:  \(stats.packs)
                """)
        }
    }
}
