import ArchiveStore
import ArgumentParser
import Foundation

/// `aerovault key list`.
struct KeyListCommand: RepositoryCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List key files.", discussion: ExitStatus.helpText)
    static var lockMode: LockMode { .none }

    static var access: RepositoryAccess { .read }
    static var displayName: String { "key list" }

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
        var role: String
        var last_used: Date?
    }

    func run(in context: CommandContext) async throws {
        let rows = try await context.repository.listKeys().map {
            Row(id: $0.id.hex, current: $0.isCurrent, created: $0.info.created, host: $0.info.host,
                username: $0.info.username, role: "\($0.info.role)", last_used: $0.lastUsed)
        }
        if output.json { return try output.emit(rows) }
        func column(_ text: String, _ width: Int) -> String { text.padding(toLength: width, withPad: " ", startingAt: 0) }
        output.say(" " + column("ID", 10) + column("Role", 9) + column("Created", 25) + column("Last used", 25) + "Host / user")
        for row in rows {
            let mark = row.current ? "*" : " "
            let role = column(row.role, 7)
            let used = column(row.last_used.map { LockInfo.format($0) } ?? "-", 23)
            output.say(
                "\(mark)\(row.id.prefix(8))  \(role)  \(LockInfo.format(row.created))  \(used)  \(row.host) / \(row.username)")
        }
    }
}
