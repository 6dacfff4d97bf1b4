import ArgumentParser

/// `aerovault key`: manage the passwords (key files) that open a repository.
struct KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "List, add, remove or change repository passwords (key files).",
        discussion: ExitStatus.helpText,
        subcommands: [KeyListCommand.self, KeyAddCommand.self, KeyRemoveCommand.self, KeyPasswdCommand.self])
}
