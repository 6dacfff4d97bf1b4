import AeroVault
import ArchiveStore
import ArgumentParser
import AsbFormat
import Foundation

/// `aerovault import`: asbackup `.asb` files become one snapshot (SPEC.md §14 "import", format §18).
struct ImportCommand: RepositoryCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import asbackup .asb files as a snapshot.",
        discussion: """
            Reads the files (a directory stands for its *.asb files, by name), plain or zstd-compressed \
            (asbackup --compress zstd), and saves their records as one snapshot of --namespace, with the \
            secondary indexes and UDF modules they carry stored as a backup stores them, so `restore` \
            re-creates them. The files must hold one namespace; --namespace may rename it. A malformed \
            line stops the import with its file and line number; nothing is saved then. Files asbackup \
            encrypted (--encrypt aes128|aes256) are read with --encryption-key-file, the same PEM private \
            key; --encrypt is found per file when not given. Takes a shared lock.

            \(ExitStatus.helpText)
            """)

    static var access: RepositoryAccess { .backup }

    @OptionGroup var repositoryOptions: RepositoryOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: ArgumentHelp(".asb files or directories of them.", valueName: "path"))
    var paths: [String]

    @Option(name: [.short, .long], help: "Namespace of the new snapshot.")
    var namespace: String

    @Option(name: .customLong("tag"), help: ArgumentHelp("Tag stored with the snapshot; repeatable.", valueName: "tag"))
    var tags: [String] = []

    @Option(help: ArgumentHelp("The PEM private key the files were encrypted with (asbackup's).", valueName: "file"))
    var encryptionKeyFile: String?

    @Option(help: ArgumentHelp("The files' encryption: aes128 or aes256 (default: found per file).", valueName: "mode"))
    var encrypt: String?

    func validate() throws {
        if let encrypt, AsbEncryptionKey.Mode(rawValue: encrypt.lowercased()) == nil {
            throw ValidationError("--encrypt \(encrypt) is not aes128 or aes256")
        }
        if encrypt != nil, encryptionKeyFile == nil { throw ValidationError("--encrypt needs --encryption-key-file") }
        guard !paths.isEmpty else { throw ValidationError("name at least one .asb file or directory") }
        guard !namespace.isEmpty else { throw ValidationError("--namespace must not be empty") }
    }

    func run(in context: CommandContext) async throws {
        var options = AsbImporter.Options(namespace: namespace)
        options.tags = tags
        if let encryptionKeyFile {
            options.encryptionKey = try AsbEncryptionKey(
                keyFile: encryptionKeyFile, mode: encrypt.flatMap { AsbEncryptionKey.Mode(rawValue: $0.lowercased()) })
        }
        let files = try AsbFileSource.expand(paths)
        let summary = try await AsbImporter(repository: context.repository).run(files: files, options: options)
        SnapshotCache.update(context.repository, seen: [summary.snapshotID], output: output)
        let renamed = summary.sourceNamespace.map { $0 == namespace ? "" : " (from namespace \($0))" } ?? ""
        output.say(
            "snapshot \(summary.snapshotID.short) saved: \(summary.records) records\(renamed), \(summary.indexes) "
                + "secondary indexes, \(summary.udfs) UDF modules from \(summary.files) file\(summary.files == 1 ? "" : "s")")
        if output.json {
            struct Line: Encodable {
                var message_type = "summary", snapshot_id: String, files: Int, records: Int, indexes: Int, udfs: Int
            }
            try output.emit(
                Line(snapshot_id: summary.snapshotID.hex, files: summary.files, records: summary.records,
                     indexes: summary.indexes, udfs: summary.udfs))
        }
    }
}
