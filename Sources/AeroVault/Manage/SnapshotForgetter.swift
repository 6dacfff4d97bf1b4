import ArchiveStore
import Foundation

/// `forget`: removes snapshot files by id or by policy (SPEC.md §14 "forget"). Chunks stay until
/// `prune`; an incremental snapshot's partition table names its parent's layers directly, so removing
/// a parent never breaks a child. The caller holds an exclusive lock.
public struct SnapshotForgetter: Sendable {
    public let repository: Repository

    public init(repository: Repository) {
        self.repository = repository
    }

    /// Decides which snapshots matching `filter` the policy keeps; removes nothing.
    public func plan(
        policy: ForgetPolicy, grouping: SnapshotGrouping = .default, filter: SnapshotFilter = SnapshotFilter(),
        now: Date = Date(), timeZone: TimeZone = .current
    ) async throws -> ForgetPlan {
        let snapshots = try await repository.snapshotSummaries(matching: filter)
        return ForgetPlanner.plan(snapshots, policy: policy, grouping: grouping, now: now, timeZone: timeZone)
    }

    /// Resolves ids, `latest` or unique prefixes to snapshots, without removing anything.
    /// - Throws: `.notFound` / `.invalidArgument` for an id that matches none or several.
    public func resolve(_ texts: [String]) async throws -> [SnapshotSummary] {
        var out: [SnapshotSummary] = []
        for text in texts {
            let id = try await repository.resolveSnapshot(text)
            guard !out.contains(where: { $0.id == id }) else { continue }
            out.append(SnapshotSummary(id: id, snapshot: try await repository.loadSnapshot(id)))
        }
        return out
    }

    /// Removes the snapshot files (ignoring ones already gone).
    public func remove(_ snapshots: [SnapshotSummary]) async throws {
        for snapshot in snapshots {
            do {
                try await repository.removeSnapshot(snapshot.id)
            } catch let error as ArchiveStoreError where error.code == .notFound {
                continue
            }
        }
    }

    /// `tag`: rewrites a snapshot with changed tags under a new id, then removes the old file (in that
    /// order: a crash in between leaves both, never neither). Returns the new id (the old one if
    /// the tags do not change). Refused in an append-only repository (SPEC.md §6), before anything is read.
    public func retag(_ id: SnapshotID, add: [String], remove: [String], set: [String]? = nil) async throws -> SnapshotID {
        try repository.requireNotAppendOnly("tag (it replaces snapshot files)")
        var snapshot = try await repository.loadSnapshot(id)
        var tags = set ?? snapshot.tags
        tags.removeAll { remove.contains($0) }
        for tag in add where !tags.contains(tag) { tags.append(tag) }
        guard tags != snapshot.tags else { return id }
        snapshot.tags = tags
        let newID = try await repository.saveSnapshot(snapshot)
        if newID != id { try await repository.removeSnapshot(id) }
        return newID
    }
}
