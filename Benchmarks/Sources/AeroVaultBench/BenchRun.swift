import AerospikeSim
import ArchiveStore
import BenchKit
import Foundation

/// One benchmark run: builds the data set in an embedded simulator, then runs the asked-for
/// sections on the same records and fills a ``BenchReport``.
final class BenchRun {
    static let namespace = "test"

    let options: BenchOptions
    let runner: CommandRunner
    let keys = MasterKey.generate().deriveKeys()
    var report: BenchReport
    /// The day-0 (then day-1) cluster, serving on 127.0.0.1 until section 6 releases it
    /// (``releaseDayZero()``) to make room for its largest scale point.
    var sim: SimCluster!
    var ports: [Int] = []
    var day0: [SimRecord] = []
    var dataset0: EncodedDataset!
    var dataset1: EncodedDataset?
    var changes: DayOneChanges?
    /// The aerovault repository after the day-0 backup (sections 4–6 continue in it).
    var aerovaultRepository: AeroVaultCLI?
    /// What the day-0 backup process cost (section 6 reuses it as its middle scale point).
    var day0Backup: CommandResult?
    /// Peer repositories after their day-0 backups.
    var peerRepositories: [PeerBench.Tool: PeerBench] = [:]

    init(options: BenchOptions) throws {
        self.options = options
        self.runner = try CommandRunner(workDirectory: options.workDirectory)
        self.report = BenchReport(command: options.command, mode: options.quick ? "quick" : "full", machine: .current())
        self.sim = try SimCluster(SimConfig(nodeCount: 3, namespaces: [Self.namespace]))
    }

    var host: String { "127.0.0.1:\(ports.first ?? 3000)" }

    func log(_ text: String) {
        let stamp = String(format: "%7.1f", Date().timeIntervalSince(started))
        FileHandle.standardError.write(Data("[\(stamp) s] \(text)\n".utf8))
    }

    let started = Date()

    func add(_ figure: Figure) {
        report.figures.append(figure)
        let label = figure.label + (figure.point.map { " at \(ByteFormat.short($0))" } ?? "")
        if figure.value != nil {
            log("\(label): \(figure.valueWithUnit)\(figure.met.map { $0 ? " (met)" : " (NOT met)" } ?? "")")
        } else {
            log("\(label): not measured (\(figure.note ?? ""))")
        }
    }

    /// Runs every asked-for section; a failing section is recorded and the run goes on.
    func execute() async throws -> BenchReport {
        log("seeding \(options.records) records (seed \(options.seed)) into a 3-node simulator")
        let seedSeconds = try sim.seed(namespace: Self.namespace, records: options.records, seed: options.seed)
        day0 = try sim.records(namespace: Self.namespace)
        dataset0 = EncodedDataset(records: day0.map(SimRecordMapping.archiveRecord))
        report.records = dataset0.recordCount
        report.encodedBytes = dataset0.byteCount
        report.dataSource = "aerovault-sim seeding, seed \(options.seed): ints, strings, doubles, bools, blobs, "
            + "msgpack lists/maps, 4 sets, 10 % with TTL; seeded in \(String(format: "%.1f", seedSeconds)) s"
        if let revision = try? runner.run(["git", "rev-parse", "--short", "HEAD"]), revision.status == 0 {
            report.notes.append("Measured build: git commit \(revision.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) "
                + "(release binaries from Benchmarks/.build).")
        }
        ports = try await sim.start()
        log("simulator on ports \(ports); \(dataset0.recordCount) records, \(dataset0.byteCount) encoded bytes")

        await section("1") { try self.primitives() }
        await section("2") { try self.backupDay0() }
        await section("3") { try self.peersDay0() }
        await section("4") { try self.incremental() }
        await section("5") { try await self.restore() }
        await section("6") { try await self.scale() }
        compare()
        await sim?.stop()
        report.durationSeconds = Date().timeIntervalSince(started)
        let times = (report.sectionSeconds ?? [:]).sorted { $0.key < $1.key }
        log("run time \(Int(report.durationSeconds)) s; per section: "
            + times.map { "\($0.key): \(Int($0.value.rounded())) s" }.joined(separator: ", ")
            + "; seeding and setup the rest")
        return report
    }

    private func section(_ n: String, _ body: () async throws -> Void) async {
        guard options.wants(n) else { return }
        let loadBefore = MachineInfo.loadAverage()
        let start = Date()
        log("— section \(n) (load average \(loadBefore))")
        do {
            try await body()
        } catch {
            report.notes.append("Section \(n) failed: \(error)")
            log("section \(n) failed: \(error)")
        }
        let seconds = Date().timeIntervalSince(start)
        report.sectionSeconds = (report.sectionSeconds ?? [:]).merging([n: seconds]) { $1 }
        report.notes.append(String(
            format: "Section %@ took %.0f s; 1-minute load average %.1f before, %.1f after (%d cores).", n,
            seconds, loadBefore, MachineInfo.loadAverage(), report.machine.cores))
        log(String(format: "section %@ took %.0f s", n, seconds))
    }

    /// Stops the day-0/day-1 simulator and drops the encoded data sets (sections 1–5 are done with
    /// them), so the largest scale point of section 6 has the memory to itself.
    func releaseDayZero() async {
        guard let cluster = sim else { return }
        await cluster.stop()
        sim = nil
        day0 = []
        dataset0 = nil
        dataset1 = nil
        changes = nil
        returnFreedMemory("the day-0 simulator and data sets")
    }

    /// glibc keeps freed heap resident (simulators of earlier sections and scale points, data sets);
    /// hands it back to the system so the next, larger, simulator does not stack on top of it.
    func returnFreedMemory(_ what: String) {
        _ = glibcMallocTrim(0)
        log("released \(what); bench process RSS now \(ByteFormat.string(Double(ResourceUsage.currentRSSBytes())))")
    }

    /// Section 1: hash + compress + seal in RAM.
    func primitives() throws {
        // Full mode caps the sample at ~256 MB so the seven passes stay within a minute or two.
        let limit = options.quick ? Int.max : 256_000_000
        let chunks = dataset0.chunks(keys: keys, limitBytes: limit)
        let bench = PrimitiveBench(chunks: chunks, keys: keys, repetitions: 2)
        for figure in try bench.run() { add(figure) }
    }
}

/// glibc's `malloc_trim` (declared in <malloc.h>, which the Glibc module does not export), looked up
/// at run time; 0 (nothing done) where it does not exist.
private func glibcMallocTrim(_ pad: Int) -> Int32 {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return 0 }
    typealias MallocTrim = @convention(c) (Int) -> Int32
    return unsafeBitCast(symbol, to: MallocTrim.self)(pad)
}
