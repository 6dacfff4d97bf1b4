import AerospikeSim
import AerospikeWire
import Foundation

/// The simulator's raw batch-write rate: a plain client loop (no archive, no decoding) writing the
/// same records with the AerospikeWire client's batch writes — the yardstick for restore.
public struct RawWriteBench {
    /// Rows per batch request (restore's default batch size).
    public var batchSize: Int
    /// Batches in flight at once.
    public var concurrency: Int

    public init(batchSize: Int = 128, concurrency: Int = 8) {
        self.batchSize = batchSize
        self.concurrency = concurrency
    }

    /// Writes every record into `namespace` of the cluster at `host` and returns (seconds, failures).
    public func run(records: [SimRecord], namespace: String, host: AerospikeWire.Host) async throws -> (seconds: Double, failed: Int) {
        let cluster = try await Cluster.connect(ClusterConfig(seeds: [host]))
        let writes: [BatchWrite] = records.map { record in
            let bins = record.bins.map { Bin($0.name, .raw(type: ParticleType(rawValue: $0.particleType), $0.data)) }
            return BatchWrite(
                key: Key(namespace: namespace, set: record.setName, digest: record.digest.bytes), action: .put(bins))
        }
        let batches = stride(from: 0, to: writes.count, by: batchSize).map { Array(writes[$0..<min($0 + batchSize, writes.count)]) }
        let workers = max(1, concurrency)
        let (seconds, failed) = try await Stopwatch.time {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for w in 0..<workers {
                    group.addTask {
                        var failed = 0
                        var i = w
                        while i < batches.count {
                            let results = try await cluster.batchWrite(batches[i])
                            failed += results.filter { $0.resultCode != .ok }.count
                            i += workers
                        }
                        return failed
                    }
                }
                return try await group.reduce(0, +)
            }
        }
        await cluster.close()
        return (seconds, failed)
    }
}
