import AerospikeSim
import BenchKit
import Foundation

/// Section 6: the backup's memory, repository size and `check` / `prune` times at several scale
/// points (full mode 100 k, 1 M, 5 M records), and the index's RAM per entry at the same counts.
extension BenchRun {
    func scale() async throws {
        let points = options.scaleRecords
        let reused = points.contains(options.records) && day0Backup != nil && aerovaultRepository != nil
        report.notes.append("Section 6 scale points run: " + points.map { ByteFormat.grouped($0) }.joined(separator: ", ")
            + " records (\(options.quick ? "quick" : "full") mode)"
            + (reused ? "; the \(ByteFormat.grouped(options.records))-record point is the day-0 backup of section 2 and its "
                + "repository after the later sections." : "."))
        if try aerovault(needs: "backup") != nil {
            for n in points {
                // The largest point needs the memory the day-0 simulator and data sets still hold.
                if n > options.records { await releaseDayZero() }
                try await scalePoint(n)
                if n != options.records { returnFreedMemory("the \(ByteFormat.short(n)) simulator") }
            }
        } else {
            add(.notMeasured("scale.backup.peak_rss", section: "6", label: "backup peak RSS", unit: "bytes", reason: missingBackup))
        }
        try indexFigures(points)
        scaleVerdicts(points)
    }

    /// One scale point: a backup of `n` records into a fresh repository (or the day-0 backup of
    /// section 2 when `n` is the data set's size), then `check`, `check --read-data` and `prune` on it.
    func scalePoint(_ n: Int) async throws {
        if n == options.records, let cli = aerovaultRepository, let result = day0Backup {
            addBackupFigures(n, result: result, repository: cli)
            try maintenanceFigures(n, repository: cli)
            return
        }
        let cluster: SimCluster
        if n == options.records, let sim {
            cluster = sim  // section 2 did not run: back up the day-0 simulator here
        } else {
            cluster = try SimCluster(SimConfig(nodeCount: 3, namespaces: [Self.namespace]))
            let rss = ByteFormat.string(Double(ResourceUsage.currentRSSBytes()))
            log("scale point: seeding \(n) records (bench process RSS \(rss) before)")
            let seedSeconds = try cluster.seed(namespace: Self.namespace, records: n, seed: options.seed)
            report.notes.append(String(format: "Scale point %@: simulator seeded in %.1f s (bench process RSS %@ before).",
                                       ByteFormat.short(n), seedSeconds, rss))
        }
        let ports = cluster === sim ? self.ports : try await cluster.start()
        let cli = try AeroVaultCLI(
            binary: options.aerovaultBinary ?? "", runner: runner, workDirectory: options.workDirectory,
            name: n == options.records ? "aerovault-repo" : "aerovault-scale")
        do {
            try cli.initialize()
            log("scale point: aerovault backup of \(n) records")
            let cpuBefore = ResourceUsage.ofSelf().cpuSeconds
            let result = try cli.backup(host: "127.0.0.1:\(ports[0])", namespace: Self.namespace)
            if cluster !== sim { await cluster.stop() }
            report.notes.append(String(
                format: "Scale point %@: the simulator serving the backup used %.1f CPU-s (the backup process %.1f).",
                ByteFormat.short(n), ResourceUsage.ofSelf().cpuSeconds - cpuBefore, result.cpuSeconds))
            addBackupFigures(n, result: result, repository: cli)
            try maintenanceFigures(n, repository: cli)
        } catch {
            if cluster !== sim { await cluster.stop() }
            if n != options.records { cli.cleanUp() }
            throw error
        }
        if n != options.records { cli.cleanUp() }
    }

    /// The backup process's cost at one scale point.
    func addBackupFigures(_ n: Int, result: CommandResult, repository: AeroVaultCLI) {
        let rss = Double(result.peakRSSBytes)
        add(Figure("scale.backup.seconds.\(n)", section: "6", label: "backup wall time", value: result.wallSeconds, unit: "s",
                   point: n))
        add(Figure("scale.backup.records_per_s.\(n)", section: "6", label: "backup rate",
                   value: Double(n) / result.wallSeconds, unit: "records/s", point: n))
        add(Figure("scale.backup.cpu_seconds.\(n)", section: "6", label: "backup CPU (user + system)",
                   value: result.cpuSeconds, unit: "CPU-s", point: n))
        add(Figure("scale.backup.peak_rss.\(n)", section: "6", label: "backup peak RSS", value: rss, unit: "bytes", point: n))
        add(Figure("scale.backup.rss_per_record.\(n)", section: "6", label: "backup peak RSS per record",
                   value: rss / Double(n), unit: "B", point: n))
        add(Figure("scale.repo_bytes.\(n)", section: "6", label: "repository size", value: Double(repository.repositoryBytes),
                   unit: "bytes", point: n))
        add(Figure("scale.snapshots.\(n)", section: "6", label: "snapshots in the repository",
                   value: Double(repository.snapshotCount), unit: "count", point: n))
    }

    /// `aerovault check`, `check --read-data` and `prune` against the repository of one scale point.
    func maintenanceFigures(_ n: Int, repository cli: AeroVaultCLI) throws {
        let size = Double(cli.repositoryBytes)
        var peakRSS: UInt64 = 0
        for (command, name) in Self.maintenanceCommands {
            let id = "scale.\(name).seconds.\(n)"
            let label = "`aerovault \(command.joined(separator: " "))` time"
            guard cli.supports(command[0]) else {
                add(.notMeasured(id, section: "6", label: label, unit: "s", reason: "needs `aerovault \(command[0])`", point: n))
                continue
            }
            let result = try cli.run(command)
            peakRSS = max(peakRSS, result.peakRSSBytes)
            add(Figure(id, section: "6", label: label, value: result.wallSeconds, unit: "s", point: n))
            if name == "check_read_data" {
                add(Figure("scale.check_read_data.mbps.\(n)", section: "6", label: "`aerovault check --read-data` rate",
                           value: size / 1e6 / result.wallSeconds, unit: "MB/s", point: n))
            }
        }
        if peakRSS > 0 {
            add(Figure("scale.maintenance.peak_rss.\(n)", section: "6", label: "largest peak RSS of check, check --read-data, prune",
                       value: Double(peakRSS), unit: "bytes", point: n))
        }
    }

    /// The repository commands timed at each scale point, with the name their figure ids use.
    static let maintenanceCommands = [(["check"], "check"), (["check", "--read-data"], "check_read_data"), (["prune"], "prune")]

    /// Index memory per entry at each scale point's count, measured by `aerovault-bench index-probe`
    /// in a fresh child process (one run, checkpoints at each count).
    func indexFigures(_ points: [Int]) throws {
        let me = Bundle.main.executablePath ?? CommandLine.arguments[0]
        log("index: saving \(points.last ?? 0) small chunks (checkpoints \(points.map(ByteFormat.short)))")
        let result = try runner.check([
            me, "index-probe", "--entries", points.map(String.init).joined(separator: ","),
            "--work-directory", options.workDirectory.path,
        ])
        let decoder = JSONDecoder()
        for line in result.stdout.split(separator: "\n") {
            let probe = try decoder.decode(IndexBench.Result.self, from: Data(line.utf8))
            let n = probe.entries
            add(Figure("scale.index.bytes_per_entry.\(n)", section: "6",
                       label: "index RAM per entry (index's own accounting; column = entries)",
                       value: probe.bytesPerEntry, unit: "B", target: "well under 100 B", met: probe.bytesPerEntry < 100, point: n))
            add(Figure("scale.index.rss_per_entry.\(n)", section: "6",
                       label: "index probe: process RSS growth per entry (index + pack buffers + allocator slack)",
                       value: probe.rssBytesPerEntry, unit: "B", point: n))
            add(Figure("scale.index.chunks_per_s.\(n)", section: "6", label: "index probe: 16-byte chunks saved per second",
                       value: Double(n) / probe.seconds, unit: "chunks/s", point: n))
        }
        report.notes.append(String(
            format: "Index probe (`aerovault-bench index-probe`, a fresh process): %.1f s (%.1f CPU-s) for %@ entries, peak RSS %@.",
            result.wallSeconds, result.cpuSeconds, ByteFormat.grouped(points.last ?? 0),
            ByteFormat.string(Double(result.peakRSSBytes))))
    }

    /// Growth verdicts computed from the per-point figures: memory per record or entry must stay
    /// flat (within 5 %) or fall from each scale point to the next.
    func scaleVerdicts(_ points: [Int]) {
        growthVerdict(
            "scale.backup.rss_growth", label: "backup peak RSS per record, largest / smallest point",
            perUnit: "scale.backup.rss_per_record", total: "scale.backup.peak_rss", points: points)
        growthVerdict(
            "scale.index.growth", label: "index RAM per entry, largest / smallest point",
            perUnit: "scale.index.bytes_per_entry", total: nil, points: points)
        for (command, name) in Self.maintenanceCommands {
            let measured = points.compactMap { n in
                report.value("scale.\(name).seconds.\(n)").flatMap { t in report.value("scale.repo_bytes.\(n)").map { (t, $0) } }
            }
            guard let first = measured.first, let last = measured.last, measured.count > 1, last.1 > first.1 else { continue }
            let slope = Foundation.log(last.0 / first.0) / Foundation.log(last.1 / first.1)
            let label = "`aerovault \(command.joined(separator: " "))` time growth vs repository size (log-log slope)"
            add(Figure("scale.\(name).growth", section: "6", label: label,
                       value: slope, unit: "", note: "1.0 = time proportional to repository size; below 1: fixed costs "
                           + "(process start, key derivation, index load) dominate the smaller repositories"))
        }
    }

    /// A "flat or falling" verdict on the per-unit figures `perUnit.<n>` across `points`.
    private func growthVerdict(_ id: String, label: String, perUnit: String, total: String?, points: [Int]) {
        let measured = points.compactMap { n in report.value("\(perUnit).\(n)").map { (n, $0) } }
        guard let first = measured.first, let last = measured.last, measured.count > 1 else { return }
        let steps = zip(measured, measured.dropFirst()).map { $1.1 / $0.1 }
        var note = "per step: " + steps.map { String(format: "%.2f×", $0) }.joined(separator: ", ")
        if let total, let a = report.value("\(total).\(first.0)"), let b = report.value("\(total).\(last.0)") {
            note += String(format: "; log-log slope of the total %.2f (1.0 = linear growth)",
                           Foundation.log(b / a) / Foundation.log(Double(last.0) / Double(first.0)))
        }
        add(Figure(id, section: "6", label: label, value: last.1 / first.1, unit: "×",
                   target: "≤ 1.05× at every step (flat or falling)", met: steps.allSatisfy { $0 <= 1.05 }, note: note))
    }
}
