import ArchiveStore
import ArgumentParser
import Foundation

/// `aerovault key list`.
struct KeyListCommand: RepositoryCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List key files.", discussion: ExitStatus.helpText)
    static var lockMode: LockMode { .none }

    @OptionGroup var repositoryOptions: RepositoryOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var noLock: NoLockOptions
    var readOnly: Bool { noLock.enabled }

    struct Row: Encodable {
        var id: String
        var current: Bool
        var created: Date
        var host: String
        var username: String
    }

    func run(in context: CommandContext) async throws {
        let rows = try await context.repository.listKeys().map {
            Row(id: $0.id.hex, current: $0.isCurrent, created: $0.info.created, host: $0.info.host,
                username: $0.info.username)
        }
        if output.json { return try output.emit(rows) }
        output.say(" " + "ID".padding(toLength: 10, withPad: " ", startingAt: 0) + "Created              Host / user")
        for row in rows {
            let mark = row.current ? "*" : " "
            output.say("\(mark)\(row.id.prefix(8))  \(LockInfo.format(row.created))  \(row.host) / \(row.username)")
        }
    }
}
