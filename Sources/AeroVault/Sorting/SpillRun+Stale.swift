import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Spill files left behind by killed backups (SPEC.md §14 "backup", "Temporary files").
///
/// A run file is named `run-<pid>-<random>.spill` after the process writing it. A killed backup
/// cannot delete its files, so the next backup removes every run file in the spill directory whose
/// process no longer exists on this host (`kill(pid, 0)` fails with ESRCH). Files of live processes
/// (concurrent backups) are kept; a reused PID only delays a removal. Names from builds before the PID
/// was part of them (`run-<random>.spill`) are removed once unmodified for ``legacyStaleAge``.
extension SpillRun {
    static let filePrefix = "run-"
    static let fileSuffix = ".spill"
    /// Age after which a run file without a PID in its name counts as stale (seconds).
    static let legacyStaleAge: TimeInterval = 3600

    /// A new run file name for this process.
    static func fileName() -> String {
        "\(filePrefix)\(getpid())-\(UInt64.random(in: 0...UInt64.max))\(fileSuffix)"
    }

    /// Removes the run files in `directory` whose writer is gone; returns their names.
    /// Never throws: a directory that cannot be listed, or a file that cannot be removed, is skipped.
    @discardableResult
    static func removeStale(in directory: URL, now: Date = Date()) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        var removed: [String] = []
        for name in names where name.hasPrefix(filePrefix) && name.hasSuffix(fileSuffix) {
            let path = directory.appendingPathComponent(name).path
            guard isStale(name: name, path: path, now: now), unlink(path) == 0 else { continue }
            removed.append(name)
        }
        return removed
    }

    private static func isStale(name: String, path: String, now: Date) -> Bool {
        let middle = name.dropFirst(filePrefix.count).dropLast(fileSuffix.count)
        let parts = middle.split(separator: "-")
        if parts.count == 2, let pid = pid_t(parts[0]), pid > 0 {
            return pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH
        }
        guard let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
        else { return false }
        return now.timeIntervalSince(modified) > legacyStaleAge
    }
}
