import AerospikeSim
import AerospikeWire
import BenchKit
import Foundation

/// Section 5: restore into an empty simulator.
extension BenchRun {
    /// Section 5: restore the latest snapshot into an empty 3-node simulator, next to the
    /// simulator's raw batch-write rate from a plain client loop.
    func restore() async throws {
        let target = "≥ 0.8× raw batch-write rate"
        guard let cli = aerovaultRepository, cli.supports("restore") else {
            add(.notMeasured("restore.records_per_s", section: "5", label: "restore rate", unit: "records/s", target: target,
                             reason: aerovaultRepository == nil ? missingBackup : "needs `aerovault restore` (branch restore)"))
            return
        }
        let expected = try sim.recordCount(namespace: Self.namespace)
        let empty = try SimCluster(SimConfig(nodeCount: 3, namespaces: [Self.namespace]))
        let emptyPorts = try await empty.start()
        defer { Task { await empty.stop() } }
        log("aerovault restore of \(expected) records")
        let result = try cli.restore(
            snapshot: "latest", host: "127.0.0.1:\(emptyPorts[0])", namespace: Self.namespace, extra: ["--json"])
        let restored = try empty.recordCount(namespace: Self.namespace)
        let summary = Self.restoreSummary(result.stdout)
        add(Figure("restore.seconds", section: "5", label: "restore wall time", value: result.wallSeconds, unit: "s",
                   note: "\(restored) of \(expected) records present afterwards; CPU \(Int(result.cpuPercent)) %, "
                       + "peak RSS \(ByteFormat.string(Double(result.peakRSSBytes)))"))
        add(Figure("restore.records_per_s", section: "5", label: "restore rate", value: Double(restored) / result.wallSeconds,
                   unit: "records/s", target: target))
        if let engineSeconds = summary?["seconds"] as? Double, engineSeconds > 0 {
            add(Figure("restore.engine_records_per_s", section: "5", label: "restore rate over the engine's own time",
                       value: Double(restored) / engineSeconds, unit: "records/s",
                       note: String(format: "%.2f s of %.2f s wall; the rest is process start, key derivation, index and "
                           + "snapshot load (the raw loop's figure also leaves out its setup)", engineSeconds, result.wallSeconds)))
        }
        if let pipeline = summary?["pipeline"] as? [String: Any], let seconds = summary?["seconds"] as? Double, seconds > 0 {
            let number = { (key: String) in (pipeline[key] as? NSNumber)?.doubleValue ?? 0 }
            report.notes.append(String(
                format: "Restore pipeline: readers %.1f s reading (%.1f busy on average), %.1f s waiting for queue room; "
                    + "writers %.1f s writing (%.1f of max %.0f batches in flight on average, %.0f rows per batch), "
                    + "%.1f s waiting for rows.",
                number("read_seconds"), number("read_seconds") / seconds, number("queue_full_seconds"),
                number("write_seconds"), number("write_seconds") / seconds, number("max_batches_in_flight"),
                number("batches") > 0 ? number("rows") / number("batches") : 0, number("queue_empty_seconds")))
        }
        if restored != expected {
            report.notes.append("Restore left \(restored) records where \(expected) were expected.")
        }
        await empty.stop()
        if let raw = try await rawBatchWriteRate() {
            add(Figure("restore.raw_batch_write.records_per_s", section: "5", label: "simulator raw batch-write rate (plain client loop)",
                       value: raw, unit: "records/s"))
            let ratio = Double(restored) / result.wallSeconds / raw
            add(Figure("restore.vs_raw", section: "5", label: "restore rate / raw batch-write rate", value: ratio, unit: "×",
                       target: "≥ 0.8", met: ratio >= 0.8))
            if let engineSeconds = summary?["seconds"] as? Double, engineSeconds > 0 {
                add(Figure("restore.engine_vs_raw", section: "5", label: "engine-time restore rate / raw batch-write rate",
                           value: Double(restored) / engineSeconds / raw, unit: "×"))
            }
        } else {
            add(.notMeasured("restore.raw_batch_write.records_per_s", section: "5", label: "simulator raw batch-write rate",
                             unit: "records/s", reason: "needs batch writes in the AerospikeWire client (branch wire)"))
        }
    }

    /// The `--json` summary object of a restore (its last stdout line), if it parses.
    static func restoreSummary(_ stdout: String) -> [String: Any]? {
        guard let line = stdout.split(separator: "\n").last(where: { $0.hasPrefix("{") }) else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
    }

    /// Records/s of a plain batch-write loop (8 batches of 128 in flight) writing the same records
    /// into another empty simulator.
    func rawBatchWriteRate() async throws -> Double? {
        let records = try sim.records(namespace: Self.namespace)
        let empty = try SimCluster(SimConfig(nodeCount: 3, namespaces: [Self.namespace]))
        let emptyPorts = try await empty.start()
        log("raw batch-write loop of \(records.count) records")
        let (seconds, failed) = try await RawWriteBench().run(
            records: records, namespace: Self.namespace, host: AerospikeWire.Host("127.0.0.1", emptyPorts[0]))
        let written = try empty.recordCount(namespace: Self.namespace)
        await empty.stop()
        if failed > 0 || written != records.count {
            report.notes.append("Raw batch-write loop: \(failed) rows failed, \(written) of \(records.count) records present.")
        }
        return Double(written) / seconds
    }
}
