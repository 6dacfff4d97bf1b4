import ArchiveStore
import ArgumentParser
import Foundation

/// `aerovault repair index`: rebuilds the index from the pack headers (SPEC.md §14 "repair index").
struct RepairIndexCommand: RepositoryCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Rebuild the index from the pack headers.",
        discussion: """
            Reads the header of every pack file, writes new index files naming every chunk found, and \
            only then removes the old index files, so an interrupted repair leaves a valid index; run it \
            again to finish. Fixes stale index files (an old copy of index/ put back after a prune), \
            index files naming missing packs, and damaged index files (the repository opens without \
            reading them). A pack whose header cannot be read keeps the entries an old index file gave \
            it, if any; such packs are listed and the exit status is 3. Takes an exclusive lock.

            \(ExitStatus.helpText)
            """)
    static var lockMode: LockMode { .exclusive }
    static var loadsIndex: Bool { false }

    static var access: RepositoryAccess { .admin }
    static var displayName: String { "repair index" }

    @OptionGroup var repositoryOptions: RepositoryOptions
    @OptionGroup var output: OutputOptions

    func run(in context: CommandContext) async throws {
        let output = context.output
        let showProgress = !output.json && !output.quiet
        let report = try await context.repository.repairIndex { event in
            guard showProgress else { return }
            let line: String
            switch event {
            case .headersRead(let done, let total): line = "read \(done)/\(total) pack headers"
            case .indexSaved(let files): line = "saved the new index (\(files) file\(files == 1 ? "" : "s"))"
            case .removed(let done, let total): line = "removed \(done)/\(total) old index files"
            }
            FileHandle.standardError.write(Data("repair index: \(line)\n".utf8))
        }
        for unreadable in report.unreadablePacks {
            let fate = unreadable.keptFromOldIndex ? "kept its old index entries" : "left out of the index"
            let path = FileKind.pack.path(of: unreadable.pack.hex)
            FileHandle.standardError.write(Data("warning: \(path): \(unreadable.message) (\(fate))\n".utf8))
        }
        if output.json {
            try output.emit(RepairIndexJSON(report))
        } else {
            output.say("""
                read \(report.packsRead) pack headers (\(report.unreadablePacks.count) unreadable); \
                new index: \(report.chunks) chunks in \(report.indexFilesWritten.count) files; \
                removed \(report.indexFilesRemoved) old index files \
                (\(report.missingPacks) missing packs and \(report.damagedIndexFiles.count) damaged index files dropped)
                """)
        }
        if !report.unreadablePacks.isEmpty {
            throw PartialSuccess(
                description: "\(report.unreadablePacks.count) pack headers could not be read (listed above); "
                    + "run `aerovault check --read-data` to see what is damaged")
        }
    }

    struct RepairIndexJSON: Encodable {
        var message_type = "repair_index"
        var packs_read: Int
        var chunks: Int
        var index_files_written: Int
        var index_files_removed: Int
        var missing_packs: Int
        var damaged_index_files: [String]
        var unreadable_packs: [String]

        init(_ r: IndexRepairReport) {
            packs_read = r.packsRead
            chunks = r.chunks
            index_files_written = r.indexFilesWritten.count
            index_files_removed = r.indexFilesRemoved
            missing_packs = r.missingPacks
            damaged_index_files = r.damagedIndexFiles.map { FileKind.index.path(of: $0) }
            unreadable_packs = r.unreadablePacks.map { FileKind.pack.path(of: $0.pack.hex) }
        }
    }
}
