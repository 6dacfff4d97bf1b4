import AeroVault
import ArchiveStore
import ArgumentParser
import Foundation

/// Snapshot choice and record filters shared by `restore` and `verify`.
struct SnapshotSelectionOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Snapshot id, unique id prefix, or 'latest'.", valueName: "snapshot"))
    var snapshot: String

    @Option(help: ArgumentHelp("With 'latest': the newest snapshot taken at or before this time.", valueName: "time"))
    var at: String?

    @Option(
        name: .customLong("tag"),
        help: ArgumentHelp(
            "With 'latest': only snapshots with all these tags (comma-separated; repeat for alternatives).",
            valueName: "tag[,tag…]"))
    var tags: [String] = []

    @Option(
        name: .customLong("snapshot-host"),
        help: ArgumentHelp(
            "With 'latest': only snapshots taken on this backup host (repeatable; restic's --host, renamed "
                + "because --host names the cluster here).", valueName: "host"))
    var snapshotHosts: [String] = []

    @OptionGroup var scope: RecordScopeOptions

    /// The `--tag`/`--snapshot-host` narrowing of `latest`.
    var filter: SnapshotFilter { SnapshotFilter(tags: tags.map(TagList.parse), hosts: snapshotHosts) }

    mutating func validate() throws {
        _ = try atDate()
    }

    func binNames() -> [String]? { scope.binNames() }

    func partitionIDs() throws -> [Int]? { try scope.partitionIDs() }

    func atDate() throws -> Date? {
        do {
            return try at.map { Date(timeIntervalSince1970: Double(try TimeArgument.parseNanoseconds($0)) / 1e9) }
        } catch let error as AeroVaultError {
            throw ValidationError(error.message)
        }
    }

    /// The chosen snapshot (SPEC.md §14 "Snapshot selection"): it must be of `namespace`, and `latest` is
    /// the newest one whose scope holds `sets` and the `--bin-list`/`--partitions` asked for. Says which
    /// snapshot and scope were chosen (stderr) before anything is written, and with `latest` warns when
    /// snapshots this host saw have vanished (SPEC.md §15). Snapshot files `latest` skips because they
    /// cannot be read are named on stderr and kept in `skipped` (exit 3).
    func select(
        namespace: String, sets: [String], in repository: Repository, output: OutputOptions,
        skipped: SkippedSnapshots
    ) async throws -> (SnapshotID, Snapshot) {
        let request = SnapshotScope.Request(sets: sets, bins: binNames(), partitions: try partitionIDs())
        let chosen: (id: SnapshotID, snapshot: Snapshot)
        if snapshot == "latest" {
            let listing = try await repository.listReadableSnapshots()
            if !listing.unreadable.isEmpty { skipped.record(listing.unreadable) }
            chosen = try SnapshotSelector.choose(
                from: listing.snapshots, at: try atDate(), namespace: namespace, request: request, filter: filter)
            // A damaged file is still there: only ids with no file at all count as vanished.
            let present = listing.snapshots.map(\.id)
                + listing.unreadable.compactMap { ID32(hex: String($0.file.split(separator: "/").last ?? "")) }
            let vanished = SnapshotCache.vanished(repository, present: present, output: output)
            if !vanished.isEmpty {
                let advice = "; 'latest' may be older than expected; run aerovault check"
                SnapshotCache.warn(SnapshotCache.vanishedMessage(vanished) + advice, output: output)
            }
            SnapshotCache.update(repository, seen: listing.snapshots.map(\.id), output: output)
        } else {
            chosen = try await SnapshotSelector.select(
                snapshot, at: try atDate(), namespace: namespace, request: request, filter: filter, in: repository)
        }
        Self.announce(chosen.id, chosen.snapshot, output: output)
        return (chosen.id, chosen.snapshot)
    }

    /// `using snapshot 1a2b3c4d of 2026-11-25T12:38:51Z, scope test (whole namespace)` on stderr, or a
    /// `snapshot_selected` JSON line with `--json`.
    static func announce(_ id: SnapshotID, _ snapshot: Snapshot, output: OutputOptions) {
        guard !output.quiet else { return }
        let scope = SnapshotScope(snapshot)
        let time = ISO8601DateFormatter().string(from: snapshot.time)
        let line = output.json
            ? JSONLinesRenderer.line([
                "message_type": "snapshot_selected", "snapshot_id": id.hex, "time": time, "scope": scope.description,
                "whole": scope.isWhole,
            ])
            : "using snapshot \(id.short) of \(time), scope \(scope) (\(scope.isWhole ? "whole namespace" : "partial"))"
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
