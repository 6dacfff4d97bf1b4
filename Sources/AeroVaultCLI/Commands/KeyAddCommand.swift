import ArchiveStore
import ArgumentParser

/// `aerovault key add`: adds a password.
struct KeyAddCommand: RepositoryCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a password (key file) that also opens the repository.",
        discussion: """
            The new password comes from --new-password-file, $AEROVAULT_NEW_PASSWORD_FILE or a prompt. \
            --role decides what the key may do: admin (everything), backup (only `backup`), restore \
            (reading: snapshots, ls, diff, stats, check, restore, verify, dump, cat, key list).

            \(ExitStatus.helpText)
            """)

    static var access: RepositoryAccess { .admin }
    static var displayName: String { "key add" }

    @OptionGroup var repositoryOptions: RepositoryOptions
    @OptionGroup var newPassword: NewPasswordOptions
    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("What the new key may do: admin, backup or restore.", valueName: "role"))
    var role: KeyRole = .admin

    @Option(help: "Argon2id memory in MiB for the new key (default: as the current key).")
    var kdfMemoryMib: Int?

    @Option(help: "Argon2id passes for the new key (default: as the current key).")
    var kdfOps: UInt64?

    func run(in context: CommandContext) async throws {
        let password = try newPassword.newPassword()
        var kdf: KDFParameters?
        if kdfMemoryMib != nil || kdfOps != nil {
            var parameters = KDFParameters.default
            if let kdfMemoryMib { parameters.memLimitBytes = UInt64(kdfMemoryMib) << 20 }
            if let kdfOps { parameters.opsLimit = kdfOps }
            kdf = parameters
        }
        let id = try await context.repository.addKey(password: password, role: role, kdf: kdf)
        if output.json { return try output.emit(["message_type": "key_added", "id": id.hex, "role": "\(role)"]) }
        output.say("added \(role) key \(id.short)")
    }
}

extension KeyRole: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { allCases.map(\.description) }
}
