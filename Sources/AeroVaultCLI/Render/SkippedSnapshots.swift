import ArchiveStore
import Foundation
import Synchronization

/// Snapshot files a listing skipped because they cannot be read (SPEC.md §14 "snapshots", exit 3).
///
/// Each is named in a warning on stderr as soon as it is seen (a JSON line with `--json`); when the
/// command has otherwise succeeded, ``finish()`` turns the list into exit status 3, so a listing that
/// is incomplete never looks complete.
final class SkippedSnapshots: Sendable {
    private let files = Mutex<[UnreadableSnapshot]>([])
    private let json: Bool

    init(json: Bool) { self.json = json }

    /// Warns about each file and remembers it.
    func record(_ skipped: [UnreadableSnapshot]) {
        files.withLock { files in
            files += skipped
            for file in skipped { warn(file) }
        }
    }

    /// One warning line on stderr (a JSON line with `--json`).
    private func warn(_ file: UnreadableSnapshot) {
        let line: String
        if json {
            line = JSONLinesRenderer.line(["message_type": "warning", "file": file.file, "message": file.reason])
        } else {
            line = "aerovault: warning: skipped \(file.file), which cannot be read: \(file.reason)"
        }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Throws ``PartialSuccess`` (exit 3) when anything was skipped.
    func finish() throws {
        let skipped = files.withLock { $0 }
        guard !skipped.isEmpty else { return }
        throw PartialSuccess(
            description: "\(skipped.count) snapshot file\(skipped.count == 1 ? "" : "s") could not be read and "
                + "\(skipped.count == 1 ? "was" : "were") skipped (\(skipped.map(\.file).joined(separator: ", "))); "
                + "`aerovault check` reports \(skipped.count == 1 ? "it" : "them")")
    }
}
