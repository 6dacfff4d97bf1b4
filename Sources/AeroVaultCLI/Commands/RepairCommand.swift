import ArgumentParser

/// `aerovault repair`: rebuild repository structures from what the packs hold (SPEC.md §14 "repair index").
struct RepairCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "Repair the repository's index.",
        discussion: ExitStatus.helpText,
        subcommands: [RepairIndexCommand.self])
}
