import AerospikeSim
import ArchiveStore
import BenchKit
import Foundation

/// Sections 2 and 4 (aerovault's side): backups through the release `aerovault` binary.
extension BenchRun {
    static let limitTarget = "≥ 0.7× primitive limit (all cores)"

    /// The CLI driver if the binary exists and has `subcommand`; nil otherwise.
    func aerovault(needs subcommand: String) throws -> AeroVaultCLI? {
        guard let binary = options.aerovaultBinary else { return nil }
        let cli = try AeroVaultCLI(binary: binary, runner: runner, workDirectory: options.workDirectory)
        return cli.supports(subcommand) ? cli : nil
    }

    var missingBackup: String { "needs `aerovault backup` (branch backup) in the release build" }

    /// Section 2: full backup of the day-0 records from the simulator into a local repository.
    func backupDay0() throws {
        guard let cli = try aerovault(needs: "backup") else {
            for (id, label, unit) in [
                ("backup.day0.records_per_s", "full backup rate", "records/s"), ("backup.day0.mbps", "full backup throughput", "MB/s"),
                ("backup.day0.cpu_percent", "CPU", "%"), ("backup.day0.peak_rss", "peak RSS", "bytes"),
            ] {
                add(.notMeasured(id, section: "2", label: label, unit: unit, reason: missingBackup))
            }
            return
        }
        try cli.initialize()
        log("aerovault backup of \(dataset0.recordCount) records")
        let profile = options.profile ? options.workDirectory.appendingPathComponent("backup.perf.data") : nil
        let simBefore = ResourceUsage.ofSelf()
        let result = try cli.backup(host: host, namespace: Self.namespace, profile: profile)
        // The simulator runs in this process: its CPU during the backup shows whether it limits the scan.
        let simPercent = 100 * (ResourceUsage.ofSelf().cpuSeconds - simBefore.cpuSeconds) / result.wallSeconds
        if let profile {
            let top = cli.perfTop(profile)
            try top.joined(separator: "\n").write(
                to: options.workDirectory.appendingPathComponent("backup.perf.txt"), atomically: true, encoding: .utf8)
            report.notes.append("Backup profile (perf, self time ≥ 1.5 %; timings of this run include perf's overhead): "
                + top.prefix(12).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "; "))
        }
        let records = Double(dataset0.recordCount)
        let mbps = Double(dataset0.byteCount) / 1e6 / result.wallSeconds
        let summary = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        add(Figure("backup.day0.seconds", section: "2", label: "full backup wall time", value: result.wallSeconds, unit: "s",
                   note: "aerovault backup, 3-node simulator on 127.0.0.1, local repository, default KDF; \(summary)"))
        add(Figure("backup.day0.records_per_s", section: "2", label: "full backup rate", value: records / result.wallSeconds,
                   unit: "records/s"))
        add(Figure("backup.day0.mbps", section: "2", label: "full backup throughput (encoded record bytes)", value: mbps,
                   unit: "MB/s", target: Self.limitTarget))
        add(Figure("backup.day0.cpu_percent", section: "2", label: "CPU of the backup process (100 % = one core)",
                   value: result.cpuPercent, unit: "%",
                   note: String(format: "the simulator serving the scan used %.0f %% at the same time", simPercent)))
        add(Figure("backup.day0.mb_per_cpu_s", section: "2", label: "full backup per CPU-second of the backup process",
                   value: Double(dataset0.byteCount) / 1e6 / result.cpuSeconds, unit: "MB/CPU-s",
                   note: String(format: "%.1f CPU-s in total", result.cpuSeconds)))
        add(Figure("backup.day0.peak_rss", section: "2", label: "peak RSS", value: Double(result.peakRSSBytes), unit: "bytes"))
        add(Figure("backup.day0.repo_bytes", section: "2", label: "repository size", value: Double(cli.repositoryBytes),
                   unit: "bytes"))
        aerovaultRepository = cli
        day0Backup = result
    }

    /// Section 4: apply the day-1 changes, then back up incrementally with aerovault, restic and borg.
    func incremental() throws {
        changes = try DayOneChanges.apply(to: sim, namespace: Self.namespace, day0: day0, seed: options.seed)
        guard let changes else { return }
        let day1 = try sim.records(namespace: Self.namespace)
        dataset1 = EncodedDataset(records: day1.map(SimRecordMapping.archiveRecord))
        let changedBytes = try changes.compressedSize(keys: keys)
        add(Figure("incr.changed.compressed_bytes", section: "4", label: "changed records, zstd-3 sealed (the yardstick)",
                   value: Double(changedBytes), unit: "bytes",
                   note: "\(changes.updated.count) updated, \(changes.deleted.count) deleted, \(changes.inserted.count) inserted"))
        if let cli = aerovaultRepository {
            let before = cli.repositoryBytes
            let result = try cli.backup(host: host, namespace: Self.namespace)
            let added = Double(cli.repositoryBytes) - Double(before)
            add(Figure("incr.aerovault.added_bytes", section: "4", label: "aerovault: bytes added by the 2nd backup",
                       value: added, unit: "bytes", target: "≤ 3× changed records compressed",
                       met: added <= 3 * Double(changedBytes),
                       note: String(format: "%.2f× the changed records", added / Double(max(1, changedBytes)))))
            add(Figure("incr.aerovault.seconds", section: "4", label: "aerovault: 2nd backup wall time",
                       value: result.wallSeconds, unit: "s"))
        } else {
            add(.notMeasured("incr.aerovault.added_bytes", section: "4", label: "aerovault: bytes added by the 2nd backup",
                             unit: "bytes", target: "≤ 3× changed records compressed", reason: missingBackup))
        }
        try peersDay1()
    }
}
