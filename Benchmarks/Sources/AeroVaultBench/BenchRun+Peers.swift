import BenchKit
import Foundation

/// Section 3 and the peer half of section 4: restic and borg fed the same stream.
extension BenchRun {
    /// Section 3: day-0 stream into each peer.
    func peersDay0() throws {
        let dataset = dataset0!
        for tool in PeerBench.Tool.allCases {
            guard PeerBench.isAvailable(tool) else {
                add(.notMeasured("peers.\(tool).day0.seconds", section: "3", label: "\(tool) day 0", unit: "s",
                                 reason: "\(tool) is not installed (make bench installs it with apt-get)"))
                continue
            }
            let peer = try PeerBench(tool: tool, runner: runner, workDirectory: options.workDirectory)
            try peer.initialize()
            log("\(tool) day 0 (\(peer.version()))")
            let run = try peer.backup(name: "day0") { dataset.feed($0) }
            peerRepositories[tool] = peer
            let mbps = Double(dataset.byteCount) / 1e6 / run.result.wallSeconds
            let how = tool == .restic ? "restic backup --stdin, repository v2 (compression auto)" : "borg create --compression zstd,3, repokey-blake2"
            add(Figure("peers.\(tool).day0.seconds", section: "3", label: "\(tool): day-0 backup wall time",
                       value: run.result.wallSeconds, unit: "s", note: "\(peer.version()); \(how)"))
            add(Figure("peers.\(tool).day0.mbps", section: "3", label: "\(tool): throughput", value: mbps, unit: "MB/s",
                       note: String(format: "CPU %.0f %%", run.result.cpuPercent)))
            add(Figure("peers.\(tool).day0.cpu_seconds", section: "3", label: "\(tool): CPU seconds (user + system)",
                       value: run.result.cpuSeconds, unit: "CPU-s"))
            add(Figure("peers.\(tool).day0.repo_bytes", section: "3", label: "\(tool): repository size",
                       value: Double(run.repositoryBytes), unit: "bytes"))
            add(Figure("peers.\(tool).day0.peak_rss", section: "3", label: "\(tool): peak RSS",
                       value: Double(run.result.peakRSSBytes), unit: "bytes"))
        }
    }

    /// Section 4, peers: day-1 stream into the same repositories.
    func peersDay1() throws {
        guard let dataset = dataset1 else { return }
        for tool in PeerBench.Tool.allCases {
            guard let peer = peerRepositories[tool] else { continue }
            log("\(tool) day 1")
            let run = try peer.backup(name: "day1") { dataset.feed($0) }
            let changed = report.value("incr.changed.compressed_bytes") ?? 1
            add(Figure("incr.\(tool).added_bytes", section: "4", label: "\(tool): bytes added by the 2nd backup",
                       value: Double(run.addedBytes), unit: "bytes",
                       note: String(format: "%.1f× the changed records", Double(run.addedBytes) / changed)))
            add(Figure("incr.\(tool).seconds", section: "4", label: "\(tool): 2nd backup wall time",
                       value: run.result.wallSeconds, unit: "s"))
        }
    }

    /// Cross-section comparisons against the targets, once every figure is in.
    func compare() {
        if let limit = report.value("primitive.limit.threadsN.mbps"), let backup = report.value("backup.day0.mbps") {
            let ratio = backup / limit
            add(Figure("backup.vs_limit", section: "2", label: "backup throughput / primitive limit", value: ratio, unit: "×",
                       target: "≥ 0.7", met: ratio >= 0.7))
        }
        if let limit = report.value("primitive.limit.mb_per_cpu_s"), let backup = report.value("backup.day0.mb_per_cpu_s") {
            let ratio = backup / limit
            add(Figure("backup.cpu_vs_limit", section: "2", label: "same, in CPU time (MB per CPU-second, backup / primitive)",
                       value: ratio, unit: "×", target: "≥ 0.7", met: ratio >= 0.7,
                       note: "load-independent reading of the target"))
        }
        for tool in PeerBench.Tool.allCases {
            guard let peerTime = report.value("peers.\(tool).day0.seconds") else { continue }
            if let ours = report.value("backup.day0.seconds") {
                let speedup = peerTime / ours
                add(Figure("peers.\(tool).speedup", section: "3", label: "aerovault speed-up over \(tool) (day 0)",
                           value: speedup, unit: "×", target: "≥ 1.5×", met: speedup >= 1.5))
            } else {
                add(.notMeasured("peers.\(tool).speedup", section: "3", label: "aerovault speed-up over \(tool) (day 0)",
                                 unit: "×", target: "≥ 1.5×", reason: missingBackup))
            }
            if let theirs = report.value("peers.\(tool).day0.cpu_seconds"), let mbps = report.value("backup.day0.mb_per_cpu_s") {
                let ours = Double(report.encodedBytes) / 1e6 / mbps
                let speedup = theirs / ours
                add(Figure("peers.\(tool).cpu_speedup", section: "3", label: "aerovault CPU advantage over \(tool) (CPU-s ratio)",
                           value: speedup, unit: "×", target: "≥ 1.5×", met: speedup >= 1.5,
                           note: "load-independent reading of the speed target"))
            }
            if let ours = report.value("backup.day0.repo_bytes"), let theirs = report.value("peers.\(tool).day0.repo_bytes") {
                let ratio = ours / theirs
                add(Figure("peers.\(tool).size_ratio", section: "3", label: "aerovault repository / \(tool) repository",
                           value: ratio, unit: "×", target: "≤ 1.0", met: ratio <= 1.0))
            }
        }
    }
}
