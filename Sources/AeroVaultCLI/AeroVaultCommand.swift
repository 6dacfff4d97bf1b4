import AeroVault
import ArgumentParser

@main
struct AeroVaultCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aerovault",
        abstract: "Encrypted, deduplicating backups of Aerospike namespaces.",
        discussion: """
            Repository location: --repo PATH or $AEROVAULT_REPOSITORY. Password: --password-file FILE, \
            $AEROVAULT_PASSWORD_FILE, $AEROVAULT_PASSWORD, or a prompt (never on the command line).

            \(ExitStatus.helpText)
            """,
        version: AeroVaultVersion.string,
        subcommands: subcommandList)

    /// Every subcommand, one per line: add yours here.
    static let subcommandList: [any ParsableCommand.Type] = [
        InitCommand.self,
        KeyCommand.self,
        UnlockCommand.self,
        CatCommand.self,
        DebugCommand.self,
        SnapshotsCommand.self,
        ForgetCommand.self,
        PruneCommand.self,
        CheckCommand.self,
        RepairCommand.self,
        StatsCommand.self,
        DiffCommand.self,
        LsCommand.self,
        DumpCommand.self,
        TagCommand.self,
        CopyCommand.self,
        ImportCommand.self,
        ExportCommand.self,
        BackupCommand.self,
        RestoreCommand.self,
        VerifyCommand.self,
        ServeCommand.self,
    ]

    /// Parses, runs, and maps any thrown error to an exit status in one place (``ExitStatus``).
    static func main() async {
        Interruption.installHandler()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            ExitStatus.exit(with: error, json: CommandLine.arguments.contains("--json"), command: self)
        }
    }
}
