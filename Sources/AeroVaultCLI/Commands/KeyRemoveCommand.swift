import ArchiveStore
import ArgumentParser

/// `aerovault key remove ID`.
struct KeyRemoveCommand: RepositoryCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a key file (never the last one, nor the one in use).",
        discussion: ExitStatus.helpText)
    static var lockMode: LockMode { .exclusive }

    static var access: RepositoryAccess { .admin }
    static var displayName: String { "key remove" }

    @OptionGroup var repositoryOptions: RepositoryOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "Key id or a unique prefix of it (at least 4 characters).")
    var id: String

    func run(in context: CommandContext) async throws {
        let keyID = try await context.repository.resolveKey(id)
        try await context.repository.removeKey(keyID)
        if output.json { return try output.emit(["message_type": "key_removed", "id": keyID.hex]) }
        output.say("removed key \(keyID.short)")
    }
}
