import ArchiveStore
import Foundation

/// Measurement 1: the primitive limit — keyed BLAKE2b + zstd + secretstream over encoded record
/// chunks in RAM, no I/O, on 1 thread and on every core.
///
/// This is the ceiling any backup pipeline built on the same primitives can reach: the backup's
/// target is a fraction of it (see ``BackupBench``).
public struct PrimitiveBench {
    /// Plaintext chunks (record-aligned, ~256 KiB, as the RecordChunker cuts them).
    public let chunks: [[UInt8]]
    /// Keys for hashing and sealing.
    public let keys: KeySet
    /// Worker threads for the "all cores" figures.
    public let threads: Int

    /// Total plaintext bytes.
    public var plaintextBytes: Int { chunks.reduce(0) { $0 + $1.count } }

    /// Passes per figure; the fastest counts (other engineers' builds share the cores, so the best
    /// pass is the least disturbed one).
    public let repetitions: Int

    public init(
        chunks: [[UInt8]], keys: KeySet, threads: Int = ProcessInfo.processInfo.activeProcessorCount, repetitions: Int = 3
    ) {
        self.chunks = chunks
        self.keys = keys
        self.threads = max(1, threads)
        self.repetitions = max(1, repetitions)
    }

    /// What one pass produced.
    public struct Pass: Sendable {
        /// Wall seconds.
        public var seconds: Double
        /// Bytes after sealing (0 for hash-only passes).
        public var sealedBytes: Int
        /// Plaintext MB (10^6 bytes) per second.
        public var megabytesPerSecond: Double
        /// CPU seconds (user + system) the pass used.
        public var cpuSeconds: Double
        /// Plaintext MB per CPU-second: unlike wall-clock MB/s, barely moved by other work on the machine.
        public var megabytesPerCPUSecond: Double { Double(bytes) / 1e6 / max(cpuSeconds, 1e-9) }
        var bytes: Int
    }

    /// The fastest of ``repetitions`` passes.
    public func pass(threads: Int, hash: Bool, level: Int32?) throws -> Pass {
        var best = try singlePass(threads: threads, hash: hash, level: level)
        for _ in 1..<repetitions {
            let next = try singlePass(threads: threads, hash: hash, level: level)
            if next.seconds < best.seconds { best = next }
        }
        return best
    }

    /// One pass over every chunk with `threads` workers; `hash` and/or `level` select the stages.
    /// - Parameter level: zstd level for sealing, or nil to skip sealing.
    func singlePass(threads: Int, hash: Bool, level: Int32?) throws -> Pass {
        let hasher = ChunkHasher(keys: keys)
        let sealer = level.map { Sealer(keys: keys, compressionLevel: $0) }
        let sealed = SealedTotals(workers: threads)
        let chunks = self.chunks
        let ad = [UInt8](repeating: 0, count: 32)
        let cpuBefore = ResourceUsage.ofSelf().cpuSeconds
        let (seconds, _) = Stopwatch.time {
            DispatchQueue.concurrentPerform(iterations: threads) { worker in
                var total = 0
                var index = worker
                while index < chunks.count {
                    let chunk = chunks[index]
                    let id = hash ? hasher.id(of: chunk).bytes : ad
                    if let sealer, let blob = try? sealer.seal(chunk, purpose: .data, associatedData: id) {
                        total += blob.count
                    }
                    index += threads
                }
                sealed.set(worker, total)
            }
        }
        return Pass(
            seconds: seconds, sealedBytes: sealed.sum, megabytesPerSecond: Double(plaintextBytes) / 1e6 / seconds,
            cpuSeconds: ResourceUsage.ofSelf().cpuSeconds - cpuBefore, bytes: plaintextBytes)
    }

    /// Runs every pass and returns the section-1 figures; `primitive.limit.threadsN.mbps` is the
    /// ceiling later sections compare against.
    public func run() throws -> [Figure] {
        let mb = String(format: "%.0f", Double(plaintextBytes) / 1e6)
        let basis = "\(chunks.count) chunks, \(mb) MB of RecordCodec-encoded records, best of \(repetitions) passes"
        var figures: [Figure] = []
        func add(_ id: String, _ label: String, _ pass: Pass, note: String? = nil) {
            figures.append(Figure(id, section: "1", label: label, value: pass.megabytesPerSecond, unit: "MB/s", note: note))
        }
        let z3one = try pass(threads: 1, hash: true, level: 3)
        add("primitive.limit.threads1.mbps", "BLAKE2b + zstd-3 + secretstream, 1 thread", z3one, note: basis)
        let z3all = try pass(threads: threads, hash: true, level: 3)
        add("primitive.limit.threadsN.mbps", "BLAKE2b + zstd-3 + secretstream, \(threads) threads", z3all,
            note: String(format: "scaling %.2f× over 1 thread", z3all.megabytesPerSecond / z3one.megabytesPerSecond))
        figures.append(Figure(
            "primitive.limit.mb_per_cpu_s", section: "1", label: "BLAKE2b + zstd-3 + secretstream per CPU-second",
            value: z3one.megabytesPerCPUSecond, unit: "MB/CPU-s",
            note: "CPU time of the 1-thread pass: the load-independent ceiling"))
        let z1one = try pass(threads: 1, hash: true, level: 1)
        add("primitive.zstd1.threads1.mbps", "BLAKE2b + zstd-1 + secretstream, 1 thread", z1one)
        let z1all = try pass(threads: threads, hash: true, level: 1)
        add("primitive.zstd1.threadsN.mbps", "BLAKE2b + zstd-1 + secretstream, \(threads) threads", z1all)
        let hashOnly = try pass(threads: 1, hash: true, level: nil)
        add("primitive.blake2b.threads1.mbps", "stage: keyed BLAKE2b-256 only, 1 thread", hashOnly)
        let seal3 = try pass(threads: 1, hash: false, level: 3)
        add("primitive.seal3.threads1.mbps", "stage: zstd-3 + secretstream (Sealer) only, 1 thread", seal3)
        let seal1 = try pass(threads: 1, hash: false, level: 1)
        add("primitive.seal1.threads1.mbps", "stage: zstd-1 + secretstream (Sealer) only, 1 thread", seal1)

        // Shares from CPU time, which other work on the machine does not inflate the way it inflates wall time.
        let share = { (stage: Pass) in 100 * stage.cpuSeconds / max(z3one.cpuSeconds, 1e-9) }
        figures.append(Figure(
            "primitive.zstd3.ratio", section: "1", label: "compression ratio zstd-3 (plaintext / sealed)",
            value: Double(plaintextBytes) / Double(max(1, z3one.sealedBytes)), unit: "×",
            note: String(format: "CPU-time share of the 1-thread pipeline: hash %.0f %%, zstd-3 + secretstream %.0f %%",
                         share(hashOnly), share(seal3))))
        figures.append(Figure(
            "primitive.zstd1.ratio", section: "1", label: "compression ratio zstd-1 (plaintext / sealed)",
            value: Double(plaintextBytes) / Double(max(1, z1one.sealedBytes)), unit: "×"))
        return figures
    }
}

/// Per-worker byte totals written from concurrentPerform. Each worker writes only its own slot.
private final class SealedTotals: @unchecked Sendable {  // safe: guarded by `lock`
    private let lock = NSLock()
    private var totals: [Int]

    init(workers: Int) { totals = Array(repeating: 0, count: workers) }

    func set(_ worker: Int, _ value: Int) { lock.withLock { totals[worker] = value } }

    var sum: Int { lock.withLock { totals.reduce(0, +) } }
}
