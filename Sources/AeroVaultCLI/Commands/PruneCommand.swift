import AeroVault
import ArchiveStore
import ArgumentParser
import Foundation

/// `aerovault prune`: deletes data no snapshot references and repacks mostly-unused packs.
struct PruneCommand: RepositoryCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Remove data no snapshot references.",
        discussion: """
            Marks every chunk reachable from a snapshot, deletes packs holding none, and rewrites packs \
            whose unused share exceeds --max-unused into new packs. The new index is written before any \
            old index file or pack is deleted, so an interrupted prune leaves a valid repository; run it \
            again to finish. Takes an exclusive lock.

            \(ExitStatus.helpText)
            """)
    static var lockMode: LockMode { .exclusive }

    static var access: RepositoryAccess { .admin }

    @OptionGroup var repositoryOptions: RepositoryOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var pruneOptions: PruneFlags

    func run(in context: CommandContext) async throws {
        // Debris of killed writers (SPEC.md §6 "Temporary files"); we hold our lock now.
        _ = await context.repository.removeStaleTemporaryFiles()
        try await Self.prune(context, options: pruneOptions)
    }

    /// Plans, prints and (unless `--dry-run`) executes a prune; shared with `forget --prune`.
    static func prune(_ context: CommandContext, options: PruneFlags) async throws {
        let showProgress = !context.output.json && !context.output.quiet
        let pruner = Pruner(repository: context.repository, expanders: .aerovault) { event in
            guard showProgress else { return }
            let line: String
            switch event {
            case .repacked(let done, let total): line = "repacked \(done)/\(total) packs"
            case .indexSaved(let files): line = "saved the new index (\(files) file\(files == 1 ? "" : "s"))"
            case .removed(let done, let total): line = "removed \(done)/\(total) obsolete files"
            }
            FileHandle.standardError.write(Data("prune: \(line)\n".utf8))
        }
        let plan = try await pruner.plan(PruneOptions(maxUnusedFraction: try options.maxUnusedFraction()))
        let output = context.output
        if !options.dryRun { try await pruner.execute(plan) }
        if output.json {
            return try output.emit(PruneJSON(plan: plan, dryRun: options.dryRun))
        }
        output.say("""
            \(plan.liveChunks) chunks in use, \(plan.deadChunks) unused, \(plan.duplicateChunks) duplicate copies
            packs: \(plan.keep.count) kept, \(plan.delete.count) deleted, \(plan.repack.count) repacked, \
            \(plan.unindexed.count) unindexed removed
            \(options.dryRun ? "would free" : "freed") \(SnapshotTable.bytes(max(0, plan.bytesRemoved - plan.bytesRepacked))) \
            of \(SnapshotTable.bytes(plan.bytesBefore)) (\(SnapshotTable.bytes(plan.bytesRepacked)) repacked)
            """)
        if options.dryRun { output.say("dry run: nothing was changed") }
    }

    struct PruneJSON: Encodable {
        var message_type = "prune"
        var dry_run: Bool
        var live_chunks: Int
        var unused_chunks: Int
        var duplicate_chunks: Int
        var packs_kept: Int
        var packs_deleted: Int
        var packs_repacked: Int
        var packs_unindexed: Int
        var bytes_before: Int
        var bytes_freed: Int
        var bytes_repacked: Int

        init(plan: PrunePlan, dryRun: Bool) {
            dry_run = dryRun
            live_chunks = plan.liveChunks
            unused_chunks = plan.deadChunks
            duplicate_chunks = plan.duplicateChunks
            packs_kept = plan.keep.count
            packs_deleted = plan.delete.count
            packs_repacked = plan.repack.count
            packs_unindexed = plan.unindexed.count
            bytes_before = plan.bytesBefore
            bytes_freed = max(0, plan.bytesRemoved - plan.bytesRepacked)
            bytes_repacked = plan.bytesRepacked
        }
    }
}

/// `--max-unused` and `--dry-run`, shared by `prune` and `forget --prune`.
struct PruneFlags: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Rewrite a pack when more than this share of it is unused: a percentage (20%), or 'unlimited' to "
            + "only delete wholly unused packs.", valueName: "P%"))
    var maxUnused: String = "20%"

    @Flag(help: "Print what would be done; change nothing.")
    var dryRun = false

    func maxUnusedFraction() throws -> Double {
        if maxUnused == "unlimited" { return 1 }
        let digits = maxUnused.hasSuffix("%") ? String(maxUnused.dropLast()) : maxUnused
        guard let percent = Double(digits), percent >= 0, percent <= 100 else {
            throw ValidationError("--max-unused must be a percentage from 0% to 100% or 'unlimited', not \"\(maxUnused)\"")
        }
        return percent / 100
    }

    func validate() throws { _ = try maxUnusedFraction() }
}
