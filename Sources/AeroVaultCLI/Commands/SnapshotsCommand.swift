import AeroVault
import ArchiveStore
import ArgumentParser
import Foundation

/// `aerovault snapshots`: lists the repository's snapshots, oldest first (SPEC.md §14 "snapshots").
struct SnapshotsCommand: RepositoryCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshots",
        abstract: "List snapshots.",
        discussion: """
            One line per snapshot, oldest first: short id, time (scan start, UTC), namespace, records, \
            and 'full' or the parent it is incremental to. --json prints an array of objects.

            \(ExitStatus.helpText)
            """)

    @OptionGroup var repositoryOptions: RepositoryOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Only snapshots of this namespace.")
    var namespace: String?

    /// One listed snapshot (the JSON shape).
    struct Entry: Codable {
        var id: String
        var time: Date
        var namespace: String
        var clusterName: String
        var records: UInt64
        var parent: String?
        var tags: [String]
    }

    func run(in context: CommandContext) async throws {
        let entries = try await context.repository.listSnapshots()
            .filter { namespace == nil || $0.snapshot.namespace == namespace }
            .map {
                Entry(
                    id: $0.id.hex, time: $0.snapshot.time, namespace: $0.snapshot.namespace,
                    clusterName: $0.snapshot.clusterName, records: $0.snapshot.recordCount,
                    parent: $0.snapshot.parent?.hex, tags: $0.snapshot.tags)
            }
        if output.json {
            try output.emit(entries)
            return
        }
        let format = ISO8601DateFormatter()
        output.say("ID        TIME                  NAMESPACE         RECORDS  KIND")
        for e in entries {
            let kind = e.parent.map { "incremental on \($0.prefix(8))" } ?? "full"
            let ns = e.namespace.padding(toLength: max(16, e.namespace.count), withPad: " ", startingAt: 0)
            let records = String(e.records)
            output.say(
                "\(e.id.prefix(8))  \(format.string(from: e.time))  \(ns)  "
                    + String(repeating: " ", count: max(0, 7 - records.count)) + "\(records)  \(kind)")
        }
        output.say("\(entries.count) snapshots")
    }
}
