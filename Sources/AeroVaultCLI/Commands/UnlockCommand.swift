import ArchiveStore
import ArgumentParser

/// `aerovault unlock`: removes stale locks (or all with `--remove-all`).
struct UnlockCommand: RepositoryCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock",
        abstract: "Remove stale locks (older than 30 minutes, or held by a dead process on this host).",
        discussion: """
            With --remove-all, removes every lock: only do that when no other aerovault process uses the \
            repository.

            \(ExitStatus.helpText)
            """)
    static var lockMode: LockMode { .none }

    static var access: RepositoryAccess { .admin }

    @OptionGroup var repositoryOptions: RepositoryOptions
    @OptionGroup var output: OutputOptions

    @Flag(help: "Remove every lock, including live ones.")
    var removeAll = false

    func run(in context: CommandContext) async throws {
        let removed = try await context.repository.removeLocks(all: removeAll)
        if output.json {
            struct Result: Encodable { var message_type = "unlocked"; var removed: [String] }
            return try output.emit(Result(removed: removed))
        }
        output.say("removed \(removed.count) lock\(removed.count == 1 ? "" : "s")")
    }
}
