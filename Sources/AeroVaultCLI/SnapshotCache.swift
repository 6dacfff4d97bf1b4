import AeroVault
import ArchiveStore
import Foundation

/// The commands' use of this host's seen-snapshots record (SPEC.md §15 "Deleted snapshots"). Failing
/// to write the record never fails a command; it is reported as a warning.
enum SnapshotCache {
    static func record(for repository: Repository) -> SeenSnapshots {
        SeenSnapshots(cacheDirectory: SeenSnapshots.defaultCacheDirectory(), repositoryID: repository.config.id)
    }

    /// Adds `seen` and drops `forgotten` from the record; problems become a warning on stderr.
    static func update(
        _ repository: Repository, seen: [SnapshotID] = [], forgotten: [SnapshotID] = [], output: OutputOptions
    ) {
        do {
            try record(for: repository).update(seen: seen, forgotten: forgotten)
        } catch {
            warn("cannot update the local record of seen snapshots: \(error)", output: output)
        }
    }

    /// Snapshots this host saw that are not in `present`; an unreadable record is a warning and `[]`.
    static func vanished(_ repository: Repository, present: [SnapshotID], output: OutputOptions) -> [SnapshotID] {
        do {
            return try record(for: repository).vanished(present: present)
        } catch {
            warn("cannot read the local record of seen snapshots: \(error)", output: output)
            return []
        }
    }

    /// What is wrong when `ids` vanished, in one sentence.
    static func vanishedMessage(_ ids: [SnapshotID]) -> String {
        let list = ids.map(\.short).joined(separator: ", ")
        return "snapshot\(ids.count == 1 ? "" : "s") \(list) seen earlier by this host \(ids.count == 1 ? "is" : "are") "
            + "missing from the repository and \(ids.count == 1 ? "was" : "were") not removed by forget on this host"
    }

    /// `warning: …` on stderr, or a JSON `warning` line with `--json`; nothing with `--quiet`.
    static func warn(_ message: String, output: OutputOptions) {
        guard !output.quiet else { return }
        let line = output.json
            ? JSONLinesRenderer.line(["message_type": "warning", "message": message]) : "warning: \(message)"
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
