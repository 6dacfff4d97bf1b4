import ArchiveStore
import ArgumentParser

/// `aerovault key passwd`: replaces the current password.
struct KeyPasswdCommand: RepositoryCommand {
    static let configuration = CommandConfiguration(
        commandName: "passwd",
        abstract: "Change the password: add a key file for the new one, remove the current one.",
        discussion: """
            The new password comes from --new-password-file, $AEROVAULT_NEW_PASSWORD_FILE or a prompt.

            \(ExitStatus.helpText)
            """)
    static var lockMode: LockMode { .exclusive }

    static var access: RepositoryAccess { .admin }
    static var displayName: String { "key passwd" }

    @OptionGroup var repositoryOptions: RepositoryOptions
    @OptionGroup var newPassword: NewPasswordOptions
    @OptionGroup var output: OutputOptions

    func run(in context: CommandContext) async throws {
        let password = try newPassword.newPassword()
        let id = try await context.repository.changePassword(password)
        if output.json { return try output.emit(["message_type": "password_changed", "id": id.hex]) }
        output.say("password changed (new key \(id.short))")
    }
}
