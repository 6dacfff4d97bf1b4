import AeroVault
import ArchiveStore
import ArgumentParser
import Foundation

/// `aerovault copy`: copies snapshots into this repository from another, like `restic copy`
/// (SPEC.md §14 "copy") — e.g. a local repository's snapshots to the offsite one.
struct CopyCommand: RepositoryCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy snapshots from another repository into this one.",
        discussion: """
            Copies the named snapshots (default: every snapshot of --from-repo matching --tag, --namespace \
            and --host) into --repo. Each chunk is read and authenticated in the source and sealed again \
            under the destination's keys; chunks the destination already holds are not stored twice, and a \
            snapshot that was copied before is not copied again (the copy records it as its original). \
            Takes a shared lock on both repositories.

            \(ExitStatus.helpText)
            """)

    static var access: RepositoryAccess { .backup }

    @OptionGroup var repositoryOptions: RepositoryOptions
    @OptionGroup var from: FromRepositoryOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var filterOptions: SnapshotFilterOptions

    @Argument(help: "Snapshots of the source to copy: ids, unique prefixes or \"latest\" (default: all).")
    var snapshots: [String] = []

    func run(in context: CommandContext) async throws {
        let source = try await from.openRepository(action: "reading the source of `aerovault copy`")
        let patience = repositoryOptions.retryLock?.duration
        let quiet = output.quiet || output.json
        try await context.locks.hold { try await source.lock(exclusive: false, retryingFor: patience, quiet: quiet) }
        let skipped = SkippedSnapshots(json: output.json)
        var ids: [SnapshotID] = []
        if snapshots.isEmpty {
            let (summaries, unreadable) = try await source.readableSnapshotSummaries(matching: filterOptions.filter)
            skipped.record(unreadable)
            ids = summaries.map(\.id)
        } else {
            for text in snapshots { ids.append(try await source.resolveSnapshot(text)) }
        }
        let copier = SnapshotCopier(source: source, destination: context.repository)
        let copied = try await copier.copy(ids) { copy in
            if copy.alreadyPresent {
                output.say("snapshot \(copy.source.short): already in the destination as \(copy.destination.short)")
            } else {
                output.say(
                    "snapshot \(copy.source.short) copied as \(copy.destination.short): \(copy.chunksStored) chunks "
                        + "stored (\(HumanFormat.bytes(Int(copy.bytesStored)))), \(copy.chunksReused) already present")
            }
        }
        SnapshotCache.update(context.repository, seen: copied.map(\.destination), output: output)
        let added = copied.filter { !$0.alreadyPresent }.count
        output.say("\(added) snapshot\(added == 1 ? "" : "s") copied, \(copied.count - added) already present")
        if output.json {
            struct Line: Encodable {
                var source: String, destination: String, already_present: Bool
                var chunks_stored: Int, bytes_stored: UInt64, chunks_reused: Int
            }
            try output.emit(copied.map {
                Line(source: $0.source.hex, destination: $0.destination.hex, already_present: $0.alreadyPresent,
                     chunks_stored: $0.chunksStored, bytes_stored: $0.bytesStored, chunks_reused: $0.chunksReused)
            })
        }
        try skipped.finish()
    }
}
