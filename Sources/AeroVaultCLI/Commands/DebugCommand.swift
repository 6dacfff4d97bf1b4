import ArgumentParser

/// `aerovault debug`: hidden commands for tests and troubleshooting.
struct DebugCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug",
        abstract: "Commands for tests and troubleshooting.",
        shouldDisplay: false,
        subcommands: [DebugWriteChunksCommand.self, DebugReadChunksCommand.self])
}
