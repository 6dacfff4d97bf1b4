import AeroVault
import ArchiveStore
import ArgumentParser
import Foundation

/// `aerovault tag`: changes a snapshot's tags (the snapshot gets a new id).
struct TagCommand: RepositoryCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag",
        abstract: "Add, remove or set snapshot tags.",
        discussion: """
            Snapshot files are immutable and named by their hash, so a changed snapshot is saved under a \
            new id and the old file is removed (a crash in between leaves both). Its data is untouched.

            \(ExitStatus.helpText)
            """)
    static var lockMode: LockMode { .exclusive }

    static var access: RepositoryAccess { .admin }

    @OptionGroup var repositoryOptions: RepositoryOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "Snapshot ids, unique prefixes or \"latest\".")
    var snapshots: [String]

    @Option(help: ArgumentHelp("Tags to add (comma-separated, repeatable).", valueName: "tag[,tag…]"))
    var add: [String] = []

    @Option(help: ArgumentHelp("Tags to remove (comma-separated, repeatable).", valueName: "tag[,tag…]"))
    var remove: [String] = []

    @Option(help: ArgumentHelp("Replace all tags with these (comma-separated, repeatable).", valueName: "tag[,tag…]"))
    var set: [String] = []

    func validate() throws {
        guard !snapshots.isEmpty else { throw ValidationError("name at least one snapshot") }
        guard !add.isEmpty || !remove.isEmpty || !set.isEmpty else {
            throw ValidationError("nothing to do: give --add, --remove or --set")
        }
        if !set.isEmpty && (!add.isEmpty || !remove.isEmpty) {
            throw ValidationError("--set cannot be combined with --add or --remove")
        }
    }

    func run(in context: CommandContext) async throws {
        let forgetter = SnapshotForgetter(repository: context.repository)
        let targets = try await forgetter.resolve(snapshots)
        struct Change: Encodable { var old_id: String; var new_id: String; var changed: Bool }
        var changes: [Change] = []
        for target in targets {
            let newID = try await forgetter.retag(
                target.id, add: add.flatMap(TagList.parse), remove: remove.flatMap(TagList.parse),
                set: set.isEmpty ? nil : set.flatMap(TagList.parse))
            changes.append(Change(old_id: target.id.hex, new_id: newID.hex, changed: newID != target.id))
            if newID != target.id {
                SnapshotCache.update(context.repository, seen: [newID], forgotten: [target.id], output: context.output)
            }
            context.output.say(newID == target.id
                ? "snapshot \(target.id.short): tags unchanged"
                : "snapshot \(target.id.short) is now \(newID.short)")
        }
        if context.output.json { try context.output.emit(changes) }
    }
}
