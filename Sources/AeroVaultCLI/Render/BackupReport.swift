import AeroVault
import Foundation

/// Prints the backup summary and estimate: text, or one JSON object on stdout with `--json`.
enum BackupReport {
    static func printSummary(_ summary: BackupSummary, output: OutputOptions) throws {
        if output.json {
            print(try json(summary, type: "summary", extra: ["records_per_second": summary.recordsPerSecond]))
            return
        }
        let parent = summary.parent.map { ", parent \($0.prefix(8))" } ?? ""
        output.say("snapshot \(summary.snapshotID.prefix(8)) saved (\(summary.mode.rawValue)\(parent))")
        printCounts(summary, output: output)
    }

    /// The summary's lines after its heading (also a worker's, under its part's heading).
    static func printCounts(_ summary: BackupSummary, output: OutputOptions) {
        if let reason = summary.noParent { output.say("no parent: \(reason)") }
        output.say(
            "records:    \(summary.snapshotRecords) in the snapshot; \(summary.records) written, "
                + "\(summary.tombstones) tombstones")
        output.say(
            "partitions: \(summary.partitionsChanged) changed, \(summary.partitionsReused) reused, "
                + "\(summary.partitionsResumed) resumed, \(summary.partitionsCompacted) compacted")
        output.say("stored:     \(HumanFormat.bytes(summary.bytesNew)) new, \(HumanFormat.bytes(summary.bytesReused)) reused")
        output.say(
            "duration:   \(HumanFormat.durationAndRate(summary.durationSeconds, records: summary.records + summary.tombstones)), "
                + "\(summary.scans) scans")
        if summary.failedRecords > 0 {
            output.say("failed:     \(summary.failedRecords) records could not be backed up")
        }
    }

    static func printDryRun(_ result: BackupDryRun, output: OutputOptions) throws {
        if output.json {
            print(try json(result, type: "dry_run", extra: [:]))
            return
        }
        let parent = result.parent.map { ", parent \($0.prefix(8))" } ?? ""
        output.say("dry run: nothing was stored (\(result.mode.rawValue)\(parent))")
        if let reason = result.noParent { output.say("no parent: \(reason)") }
        output.say(
            "records:    \(result.snapshotRecords) in the snapshot; \(result.records) would be written, "
                + "\(result.tombstones) tombstones")
        output.say("new chunks: \(result.newChunks), \(HumanFormat.bytes(result.newBytes)) before compression")
    }

    static func printEstimate(_ estimate: BackupEstimate, output: OutputOptions) throws {
        if output.json {
            print(try json(estimate, type: "estimate", extra: [:]))
            return
        }
        output.say(
            "estimate from \(estimate.partitionsSampled) sampled partitions (\(estimate.recordsSampled) records):")
        output.say("records:    ~\(estimate.estimatedRecords)")
        output.say("plain size: ~\(HumanFormat.bytes(estimate.estimatedPlainBytes))")
        output.say("stored:     ~\(HumanFormat.bytes(estimate.estimatedStoredBytes)) (compressed and encrypted)")
    }

    /// One line of JSON: the value's fields in snake_case plus `message_type`.
    static func json<T: Encodable>(_ value: T, type: String, extra: [String: Any]) throws -> String {
        var object = try jsonObject(value, type: type)
        for (key, value) in extra { object[key] = value }
        return JSONLinesRenderer.line(object)
    }

    /// The value's fields in snake_case plus `message_type`.
    static func jsonObject<T: Encodable>(_ value: T, type: String) throws -> [String: Any] {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        var object = (try JSONSerialization.jsonObject(with: try encoder.encode(value)) as? [String: Any]) ?? [:]
        object["message_type"] = type
        return object
    }
}
