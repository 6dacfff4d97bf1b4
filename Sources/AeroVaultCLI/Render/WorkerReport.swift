import AeroVault
import ArchiveStore
import Foundation

/// Prints what a worker of a many-worker run, or `backup --finish`, did (SPEC.md §14 "backup",
/// "Workers"): text, or one JSON object on stdout with `--json`.
enum WorkerReport {
    /// The worker's summary headed by its part, then the assembly. Exit 3 when records failed.
    static func printWorker(_ result: WorkerResult, context: CommandContext) throws {
        let output = context.output
        let assembled = assembledID(result.assembly)
        if let id = assembled { SnapshotCache.update(context.repository, seen: [id], output: output) }
        if output.json {
            var extra: [String: Any] = [
                "run_id": result.runID, "worker": result.share.description, "assembled": assembled != nil,
                "missing_workers": missing(result.assembly),
            ]
            if let partID = result.partID { extra["part_id"] = partID }
            if let summary = result.summary {
                var line = try BackupReport.jsonObject(summary, type: "summary")
                line.removeValue(forKey: "snapshot_id")
                line["records_per_second"] = summary.recordsPerSecond
                extra.merge(line) { mine, _ in mine }
            } else {
                extra["message_type"] = "summary"
            }
            if let id = assembled { extra["snapshot_id"] = id.hex }
            print(JSONLinesRenderer.line(extra))
        } else {
            let part = result.partID.map { " as \($0.prefix(8))" } ?? ""
            if let summary = result.summary {
                output.say("part \(result.share) of run \(result.runID) saved\(part) (\(summary.mode.rawValue)\(parentText(summary)))")
                BackupReport.printCounts(summary, output: output)
            } else if result.partID != nil {
                output.say("part \(result.share) of run \(result.runID) was already saved\(part); nothing to scan")
            }
            if let assembly = result.assembly { output.say(line(assembly, runID: result.runID)) }
        }
        if let summary = result.summary, let failure = ExitStatus.error(for: summary) { throw failure }
    }

    /// `backup --run-id NAME --finish`: exit 0 when the snapshot exists, else an error naming what is missing.
    static func printFinish(_ assembly: RunAssembly, runID: String, context: CommandContext) throws {
        switch assembly {
        case .waiting(let missing, let workers):
            throw AeroVaultError(
                .notFound,
                "run \(runID) is missing parts \(missing.map(String.init).joined(separator: ", ")) of \(workers): "
                    + "run those workers (--worker I/\(workers) --run-id \(runID)); each assembles the run once the set is complete")
        case .assemblingElsewhere(let holder):
            throw AeroVaultError(
                .io,
                "run \(runID) is being assembled by \(holder); if that process is gone, its claim goes stale after "
                    + "30 minutes (at once on its own host) and --finish takes over")
        case .assembled(let id, let parts): printAssembled(assembly, id: id, parts: parts, runID: runID, context: context)
        case .alreadyAssembled(let id): printAssembled(assembly, id: id, parts: nil, runID: runID, context: context)
        }
    }

    private static func printAssembled(
        _ assembly: RunAssembly, id: SnapshotID, parts: Int?, runID: String, context: CommandContext
    ) {
        SnapshotCache.update(context.repository, seen: [id], output: context.output)
        guard context.output.json else { return context.output.say(line(assembly, runID: runID)) }
        var object: [String: Any] = [
            "message_type": "assembled", "run_id": runID, "snapshot_id": id.hex, "already_assembled": parts == nil,
        ]
        if let parts { object["parts"] = parts }
        print(JSONLinesRenderer.line(object))
    }

    static func line(_ assembly: RunAssembly, runID: String) -> String {
        switch assembly {
        case .assembled(let id, let parts): return "snapshot \(id.short) assembled from \(parts) parts of run \(runID)"
        case .alreadyAssembled(let id): return "run \(runID) is already assembled as snapshot \(id.short)"
        case .waiting(let missing, _):
            return "run \(runID): waiting for parts \(missing.map(String.init).joined(separator: ", "))"
        case .assemblingElsewhere(let holder): return "run \(runID) is being assembled by \(holder)"
        }
    }

    private static func assembledID(_ assembly: RunAssembly?) -> SnapshotID? {
        switch assembly {
        case .assembled(let id, _), .alreadyAssembled(let id): return id
        default: return nil
        }
    }

    private static func missing(_ assembly: RunAssembly?) -> [Int] {
        if case .waiting(let missing, _) = assembly { return missing }
        return []
    }

    private static func parentText(_ summary: BackupSummary) -> String {
        summary.parent.map { ", parent \($0.prefix(8))" } ?? ""
    }
}
