import ArchiveStore
import Foundation

/// Picks the snapshot to restore or verify: an id, a unique id prefix, `latest`, or with `--at` the
/// newest snapshot of the namespace taken at or before a time (SPEC.md §14 "restore", "Snapshot
/// selection"). `latest` never picks a partial snapshot unless it holds everything the command asks for.
public enum SnapshotSelector {
    /// - Parameters:
    ///   - text: id, id prefix, or `latest` (the newest snapshot of `namespace` whose scope covers `request`).
    ///   - at: with `latest`, only snapshots whose time is at or before this moment count.
    ///   - namespace: the namespace the snapshot must come from.
    ///   - request: the sets, bins and partitions the command reads; `latest` needs a snapshot holding them.
    ///   - skipped: told about snapshot files `latest` had to skip because they cannot be read (one
    ///     damaged file must not block a restore; SPEC.md §14 exit 3).
    /// - Throws: ``AeroVaultError`` `.notFound` when nothing matches, `.invalidArgument` when the chosen
    ///   snapshot belongs to another namespace.
    ///   - filter: with `latest`, only snapshots with these tags and hosts count (restic's `--tag`,
    ///     `--host`); an id must not be combined with one.
    public static func select(
        _ text: String, at: Date?, namespace: String, request: SnapshotScope.Request = .whole,
        filter: SnapshotFilter = SnapshotFilter(), in loader: any SnapshotLister,
        skipped: ([UnreadableSnapshot]) -> Void = { _ in }
    ) async throws -> (id: SnapshotID, snapshot: Snapshot) {
        if text == "latest" {
            let listing = try await loader.listReadableSnapshots()
            if !listing.unreadable.isEmpty { skipped(listing.unreadable) }
            return try choose(from: listing.snapshots, at: at, namespace: namespace, request: request, filter: filter)
        }
        guard at == nil else {
            throw AeroVaultError(.invalidArgument, "--at picks a snapshot by time; use it with 'latest', not with an id")
        }
        guard filter.isEmpty else {
            throw AeroVaultError(
                .invalidArgument, "--tag and --snapshot-host narrow 'latest'; an id names its snapshot already")
        }
        let id = try await loader.resolveSnapshot(text)
        let snapshot = try await loader.loadSnapshot(id)
        guard snapshot.namespace == namespace else {
            throw AeroVaultError(
                .invalidArgument,
                "snapshot \(id.short) is of namespace '\(snapshot.namespace)', not '\(namespace)'; "
                    + "pass --namespace \(snapshot.namespace) (and --target-namespace to restore elsewhere)")
        }
        return (id, snapshot)
    }

    /// The newest snapshot of `namespace` (at or before `at` when given) whose scope covers `request`,
    /// among `all` (pure).
    /// - Throws: `.notFound`, naming the newest partial snapshots passed over so the user can pick one by id.
    public static func choose(
        from all: [(id: SnapshotID, snapshot: Snapshot)], at: Date?, namespace: String,
        request: SnapshotScope.Request = .whole, filter: SnapshotFilter = SnapshotFilter()
    ) throws -> (id: SnapshotID, snapshot: Snapshot) {
        let inTime = all.filter { entry in
            guard entry.snapshot.namespace == namespace,
                filter.matches(SnapshotSummary(id: entry.id, snapshot: entry.snapshot))
            else { return false }
            guard let at else { return true }
            return entry.snapshot.time <= at
        }
        let newestFirst = inTime.sorted { ($0.snapshot.time, $0.id) > ($1.snapshot.time, $1.id) }
        if let chosen = newestFirst.first(where: { SnapshotScope($0.snapshot).covers(request) }) {
            return chosen
        }
        let when = (at.map { " taken at or before \(ISO8601DateFormatter().string(from: $0))" } ?? "")
            + filter.description
        guard !newestFirst.isEmpty else {
            throw AeroVaultError(.notFound, "the repository has no snapshot of namespace '\(namespace)'\(when)")
        }
        let partial = newestFirst.prefix(3).map { "\($0.id.short) (\(SnapshotScope($0.snapshot)))" }
        throw AeroVaultError(
            .notFound,
            "no snapshot of namespace '\(namespace)'\(when) holds everything asked for (latest never picks a "
                + "partial snapshot); newest partial ones: \(partial.joined(separator: ", ")); name one by id, "
                + "or narrow the command with --set, --bin-list or --partitions")
    }
}
