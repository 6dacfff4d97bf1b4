import AeroVault
import ArchiveStore
import ArgumentParser
import Foundation

/// `aerovault diff A B`: records added, changed and deleted between two snapshots, per set.
struct DiffCommand: RepositoryCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two snapshots record by record.",
        discussion: """
            Streams both snapshots' merged partitions side by side in digest order. Added: only in the \
            second; deleted: only in the first; changed: in both with different contents (bins, key, \
            generation, expiry). Partitions whose layer stacks are identical are skipped.

            \(ExitStatus.helpText)
            """)

    static var access: RepositoryAccess { .read }

    @OptionGroup var repositoryOptions: RepositoryOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var noLock: NoLockOptions
    var readOnly: Bool { noLock.enabled }

    @Argument(help: "The older snapshot (id, unique prefix or \"latest\").")
    var first: String
    @Argument(help: "The newer snapshot.")
    var second: String

    func run(in context: CommandContext) async throws {
        let repository = context.repository
        let a = try await repository.resolveSnapshot(first)
        let b = try await repository.resolveSnapshot(second)
        let difference = try await SnapshotDiffer(loader: repository).diff(a, b)
        let sets = difference.sets.keys.sorted()
        let output = context.output
        if output.json {
            struct Row: Encodable { var set: String; var added: Int; var changed: Int; var deleted: Int }
            struct JSON: Encodable {
                var message_type = "diff"
                var first: String
                var second: String
                var sets: [Row]
                var added: Int
                var changed: Int
                var deleted: Int
            }
            let total = difference.total
            let rows = sets.map { set -> Row in
                let d = difference.sets[set] ?? SetDifference()
                return Row(set: set, added: d.added, changed: d.changed, deleted: d.deleted)
            }
            return try output.emit(JSON(
                first: a.hex, second: b.hex, sets: rows, added: total.added, changed: total.changed, deleted: total.deleted))
        }
        output.say("comparing snapshot \(a.short) to \(b.short):")
        var rows = [["Set", "Added", "Changed", "Deleted"]]
        for set in sets {
            let d = difference.sets[set] ?? SetDifference()
            rows.append([set.isEmpty ? "(no set)" : set, "\(d.added)", "\(d.changed)", "\(d.deleted)"])
        }
        let total = difference.total
        rows.append(["total", "\(total.added)", "\(total.changed)", "\(total.deleted)"])
        output.say(SnapshotTable.columns(rows, rightAligned: [1, 2, 3]))
    }
}
