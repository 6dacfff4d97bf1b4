import AeroVault
import ArgumentParser

@main
struct AeroVaultCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aerovault",
        abstract: "Encrypted, deduplicating backups of Aerospike namespaces.",
        version: AeroVaultVersion.string,
        subcommands: [])
}
