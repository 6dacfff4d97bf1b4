import AeroVault
import ArchiveStore
import ArgumentParser
import Foundation

/// `aerovault snapshots`: lists snapshots like `restic snapshots`.
struct SnapshotsCommand: RepositoryCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshots",
        abstract: "List snapshots.",
        discussion: """
            Columns: short id, time (local time zone), host, scope (the namespace, then every filter the \
            backup applied: sets=, bins=, partitions=, modified-after=, modified-before=, no-ttl-only; a \
            bare namespace is the whole namespace), kind (full or incremental), live records, and bytes of \
            records the snapshot itself added. 'latest' never picks a partial snapshot silently. Wherever a \
            command takes a snapshot id, it also accepts a unique prefix (at least 4 hex characters) \
            or "latest". A snapshot file that cannot be read is skipped with a warning naming it, and \
            the exit status is then 3 (`aerovault check` reports it too).

            \(ExitStatus.helpText)
            """)
    static var lockMode: LockMode { .none }

    static var access: RepositoryAccess { .read }

    @OptionGroup var repositoryOptions: RepositoryOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var noLock: NoLockOptions
    var readOnly: Bool { noLock.enabled }
    @OptionGroup var filterOptions: SnapshotFilterOptions

    func run(in context: CommandContext) async throws {
        // One damaged or junk file must not hide the others: it is named and the exit status is 3.
        let (snapshots, unreadable) = try await context.repository.readableSnapshotSummaries(matching: filterOptions.filter)
        SnapshotCache.update(context.repository, seen: snapshots.map(\.id), output: output)
        let skipped = SkippedSnapshots(json: output.json)
        skipped.record(unreadable)
        if output.json {
            try output.emit(snapshots.map(SnapshotJSON.init))
        } else {
            output.say(SnapshotTable.render(snapshots))
            output.say("\(snapshots.count) snapshot\(snapshots.count == 1 ? "" : "s")")
        }
        try skipped.finish()
    }
}
