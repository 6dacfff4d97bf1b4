import AerospikeSim
import AerospikeWire
import BenchKit
import Foundation

/// Sections 5 and 6: restore into an empty simulator, and scale figures.
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

    /// Section 6: memory at several scales, index bytes per entry, check and prune times.
    func scale() async throws {
        if let rss = report.value("backup.day0.peak_rss") {
            add(Figure("scale.backup_rss.\(options.records)", section: "6",
                       label: "backup peak RSS at \(ByteFormat.grouped(options.records)) records", value: rss, unit: "bytes"))
        }
        if !options.quick, let cli = try aerovault(needs: "backup") {
            try await smallBackupRSS(cli: cli)
        }
        try await indexFigures()
        guard let cli = aerovaultRepository else { return }
        let size = Double(cli.repositoryBytes)
        for command in [["check"], ["check", "--read-data"], ["prune"]] {
            let id = "scale." + command.joined(separator: "_").replacingOccurrences(of: "--", with: "") + ".seconds"
            let label = "`aerovault \(command.joined(separator: " "))` time"
            guard cli.supports(command[0]) else {
                add(.notMeasured(id, section: "6", label: label, unit: "s", reason: "needs `aerovault \(command[0])` (branch manage)"))
                continue
            }
            let result = try cli.run(command)
            add(Figure(id, section: "6", label: label, value: result.wallSeconds, unit: "s",
                       note: "repository \(ByteFormat.string(size)) (2 snapshots); "
                           + String(format: "%.0f MB/s of repository; peak RSS %@", size / 1e6 / result.wallSeconds,
                                    ByteFormat.string(Double(result.peakRSSBytes)))))
        }
    }

    /// Full mode: a 100 000-record backup on its own simulator and repository, for the RSS curve.
    func smallBackupRSS(cli _: AeroVaultCLI) async throws {
        let count = 100_000
        let small = try SimCluster(SimConfig(nodeCount: 3, namespaces: [Self.namespace]))
        try small.seed(namespace: Self.namespace, records: count, seed: options.seed)
        let smallPorts = try await small.start()
        let cli = try AeroVaultCLI(
            binary: options.aerovaultBinary ?? "", runner: runner, workDirectory: options.workDirectory, name: "aerovault-small")
        try cli.initialize()
        let result = try cli.backup(host: "127.0.0.1:\(smallPorts[0])", namespace: Self.namespace)
        await small.stop()
        cli.cleanUp()
        add(Figure("scale.backup_rss.\(count)", section: "6", label: "backup peak RSS at 100,000 records",
                   value: Double(result.peakRSSBytes), unit: "bytes", note: String(format: "%.1f s", result.wallSeconds)))
    }

    /// Index memory per entry, from the Repository API (1 M entries; 200 k in quick mode).
    func indexFigures() async throws {
        let count = options.quick ? 200_000 : 1_000_000
        log("index: saving \(count) small chunks")
        let result = try await IndexBench(count: count).run(in: options.workDirectory)
        add(Figure("scale.index.bytes_per_entry", section: "6", label: "index RAM per entry (index's own accounting)",
                   value: result.bytesPerEntry, unit: "B", target: "well under 100 B", met: result.bytesPerEntry < 100,
                   note: "\(ByteFormat.grouped(result.entries)) entries"))
        add(Figure("scale.index.rss_per_entry", section: "6", label: "RSS growth per indexed chunk (whole process)",
                   value: result.rssBytesPerEntry, unit: "B",
                   note: String(format: "includes allocator slack and pack buffers; %.0f chunks/s saved", Double(result.entries) / result.seconds)))
    }
}
