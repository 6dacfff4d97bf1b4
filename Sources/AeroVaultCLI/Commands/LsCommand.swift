import AeroVault
import ArchiveStore
import ArgumentParser
import Foundation

/// `aerovault ls ID`: the records of a snapshot (merged).
struct LsCommand: RepositoryCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List the records in a snapshot.",
        discussion: """
            One line per live record, in partition then digest order: digest, set, user key (- if not \
            stored), and a short summary of the bins. Long values are shortened.

            \(ExitStatus.helpText)
            """)

    static var access: RepositoryAccess { .read }

    @OptionGroup var repositoryOptions: RepositoryOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var noLock: NoLockOptions
    var readOnly: Bool { noLock.enabled }

    @Argument(help: "Snapshot id, unique prefix or \"latest\".")
    var snapshot: String

    @Option(help: "Only records of this set ('' = records without a set).")
    var set: String?

    @Option(help: "Print at most this many records.")
    var limit: Int?

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must not be negative") }
    }

    func run(in context: CommandContext) async throws {
        let id = try await context.repository.resolveSnapshot(snapshot)
        let records = try await SnapshotRecords(loader: context.repository).list(id, set: set, limit: limit)
        let output = context.output
        if output.json { return try output.emit(records) }
        for record in records {
            output.say("\(record.digest)  \(record.set.isEmpty ? "-" : record.set)  \(record.key)  \(record.bins)")
        }
    }
}
