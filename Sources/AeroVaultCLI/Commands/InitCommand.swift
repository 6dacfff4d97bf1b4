import ArchiveStore
import ArgumentParser

/// `aerovault init`: creates a repository (SPEC.md §14 "init").
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new, empty repository.",
        discussion: """
            The password comes from --password-file, $AEROVAULT_PASSWORD_FILE, $AEROVAULT_PASSWORD, or a prompt.

            \(ExitStatus.helpText)
            """)

    @OptionGroup var repositoryOptions: RepositoryOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Argon2id memory in MiB for the first key (default 64).")
    var kdfMemoryMib: Int?

    @Option(help: "Argon2id passes for the first key (default 3).")
    var kdfOps: UInt64?

    @Option(help: "Target pack size in KiB (default 16384).")
    var packSizeKib: Int?

    // Default 1, not zstd's 3: on the measured record mixes level 3 saved 1 % (seed mix) to 6 % (text) of
    // repository size for ~40 % more backup CPU (Benchmarks/RESULTS.md findings, issue 10).
    @Option(help: "zstd compression level, 1...19 (default 1; 3 compresses a few percent better for about 40 % more backup CPU).")
    var compressionLevel: Int32 = 1

    @Flag(help: "Append-only: only forget and prune, run with an admin key, remove or replace files (SPEC.md §6).")
    var appendOnly = false

    func validate() throws {
        if let kdfMemoryMib, kdfMemoryMib < 1 { throw ValidationError("--kdf-memory-mib must be at least 1") }
        if let kdfOps, kdfOps < 1 { throw ValidationError("--kdf-ops must be at least 1") }
        if let packSizeKib, packSizeKib < 1 { throw ValidationError("--pack-size-kib must be at least 1") }
    }

    func run() async throws {
        let backend = try repositoryOptions.backend()
        var kdf = KDFParameters.default
        if let kdfMemoryMib { kdf.memLimitBytes = UInt64(kdfMemoryMib) << 20 }
        if let kdfOps { kdf.opsLimit = kdfOps }
        let password = try repositoryOptions.password(prompt: "enter password for the new repository: ", confirm: true)
        let repository = try await Repository.initialize(
            backend: backend, password: password, kdf: kdf,
            packSize: packSizeKib.map { $0 << 10 } ?? RepositoryConfig.defaultPackSize,
            compressionLevel: compressionLevel, appendOnly: appendOnly)
        let keyID = await repository.keyID
        if output.json {
            try output.emit(
                InitResult(messageType: "initialized", id: repository.config.id.hex, location: backend.location,
                           keyID: keyID.hex))
        } else {
            output.say("created aerovault repository \(repository.config.id.short) at \(backend.location)")
            output.say("keep the password safe: losing it makes the data unreadable")
        }
    }

    private struct InitResult: Encodable {
        var messageType: String
        var id: String
        var location: String
        var keyID: String

        enum CodingKeys: String, CodingKey {
            case messageType = "message_type", id, location, keyID = "key_id"
        }
    }
}
