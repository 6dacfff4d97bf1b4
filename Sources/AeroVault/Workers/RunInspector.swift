import ArchiveStore
import Foundation

/// What `check` says about many-worker runs (SPEC.md §14 "check"): stale runs (parts saved, never
/// assembled, no part newer than the lock staleness age) as warnings naming the run; parts left
/// over from an assembled run as hints; unreadable parts as warnings naming the file.
public enum RunInspector {
    public struct Findings: Sendable, Equatable {
        public var warnings: [String] = []
        public var hints: [String] = []
    }

    public static func inspect(_ repository: Repository, now: Date = Date()) async throws -> Findings {
        var findings = Findings()
        let (runs, unreadable) = try await RunParts.loadAll(from: repository)
        for (file, reason) in unreadable {
            findings.warnings.append("\(file) cannot be read (\(reason)); no run can be assembled from it")
        }
        guard !runs.isEmpty else { return findings }
        var assembled: [String: SnapshotID] = [:]
        for (id, snapshot) in try await repository.listReadableSnapshots().snapshots {
            if let run = snapshot.run { assembled[run] = id }
        }
        for (runID, parts) in runs.sorted(by: { $0.key < $1.key }) {
            let workers = parts.workers ?? 0
            let saved = parts.byWorker.keys.sorted().map(String.init).joined(separator: ", ")
            if let id = assembled[runID] {
                findings.hints.append(
                    "run \(runID) was assembled as snapshot \(id.short), but \(parts.all.count) of its parts are left "
                        + "(an assembler stopped before removing them); `aerovault backup --run-id \(runID) --finish` removes them")
                continue
            }
            let newest = Date(timeIntervalSince1970: Double(parts.newest) / 1e9)
            guard now.timeIntervalSince(newest) > LockInfo.staleAfter else { continue }
            let missing = parts.missing
            let next = missing.isEmpty
                ? "all parts are saved: run `aerovault backup --run-id \(runID) --finish`"
                : "rerun workers \(missing.map(String.init).joined(separator: ", ")) (--worker I/\(workers) --run-id \(runID))"
            findings.warnings.append(
                "run \(runID) is unfinished: parts \(saved) of \(workers) saved, the newest at \(LockInfo.format(newest)); "
                    + "\(next); its parts keep their data from prune")
        }
        return findings
    }
}
