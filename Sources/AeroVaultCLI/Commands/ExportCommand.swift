import AeroVault
import ArchiveStore
import ArgumentParser
import Foundation

/// `aerovault export`: a snapshot as asbackup `.asb` files that asrestore restores (SPEC.md §14
/// "export", format §18).
struct ExportCommand: RepositoryCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a snapshot as asbackup .asb files.",
        discussion: """
            Writes <namespace>_00000.asb, _00001, … into --output-dir (created if missing; existing \
            files of those names are replaced) as asbackup 3.1 files: the first holds the secondary \
            indexes and UDF modules, and a new file starts after --file-limit MiB. Each file appears \
            only once written and synced (temporary name, fsync, rename). `asrestore -d DIR` restores \
            them. Takes a shared lock.

            \(ExitStatus.helpText)
            """)

    enum Compression: String, ExpressibleByArgument, CaseIterable {
        case zstd
    }

    @OptionGroup var repositoryOptions: RepositoryOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "Snapshot id, unique prefix or \"latest\".")
    var snapshot: String

    @Option(help: ArgumentHelp("Directory for the .asb files.", valueName: "dir"))
    var outputDir: String

    @Option(help: ArgumentHelp("Start a new file after this many MiB (before compression; default 250).", valueName: "MB"))
    var fileLimit: Int = 250

    @Option(help: ArgumentHelp("Compress each file as a zstd stream (asbackup --compress zstd).", valueName: "zstd"))
    var compress: Compression?

    func validate() throws {
        guard fileLimit >= 1 else { throw ValidationError("--file-limit must be at least 1 (MiB)") }
    }

    func run(in context: CommandContext) async throws {
        let id = try await context.repository.resolveSnapshot(snapshot)
        let directory = URL(fileURLWithPath: outputDir)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var options = AsbExporter.Options(directory: directory)
        options.fileLimit = fileLimit * 1024 * 1024
        options.zstdLevel = compress.map { _ in 3 }
        let summary = try await AsbExporter(repository: context.repository).run(id, options: options)
        for name in summary.skippedIndexes {
            FileHandle.standardError.write(Data("warning: secondary index \(name) has no .asb form; left out\n".utf8))
        }
        output.say(
            "snapshot \(id.short) exported: \(summary.records) records, \(summary.indexes) secondary indexes, "
                + "\(summary.udfs) UDF modules in \(summary.files.count) file\(summary.files.count == 1 ? "" : "s") in \(outputDir)")
        if output.json {
            struct Line: Encodable {
                var message_type = "summary", snapshot_id: String, files: [String], records: Int, indexes: Int, udfs: Int
            }
            try output.emit(
                Line(snapshot_id: id.hex, files: summary.files.map(\.path), records: summary.records,
                     indexes: summary.indexes, udfs: summary.udfs))
        }
    }
}
