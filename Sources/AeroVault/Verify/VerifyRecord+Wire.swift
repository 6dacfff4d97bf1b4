import AerospikeWire

extension VerifyRecord {
    /// The comparable parts of a record delivered by a partition scan.
    public init(scanned record: ScannedRecord) {
        var bins: [String: BinValue] = [:]
        for bin in record.bins {
            let particle = bin.value.particle
            bins[bin.name] = BinValue(particleType: particle.type.rawValue, bytes: particle.bytes)
        }
        self.init(
            digest: record.digest, set: record.set,
            key: record.userKey.map { Key(particleType: $0.particleType.rawValue, bytes: $0.valueBytes) }, bins: bins)
    }
}

/// Reads one partition of a namespace from the cluster, sorted ascending by digest, for verify.
///
/// The server (and the simulator) return a partition in descending digest order; this never assumes
/// an order and sorts in memory (one partition at a time, so memory is bounded by the largest partition).
struct ClusterPartitionScanner: Sendable {
    let cluster: Cluster
    let namespace: String
    /// Only these bins are read (`nil` = all).
    let binNames: [String]?

    /// Scans `partition` and returns its records ascending by digest, keeping only records whose set
    /// passes `includes`.
    func records(partition: Int, includes: (String?) -> Bool) async throws -> [VerifyRecord] {
        let request = ScanRequest(namespace: namespace, binNames: binNames, partitions: .list([partition]))
        var out: [VerifyRecord] = []
        for try await event in cluster.scan(request) {
            guard case .record(let record) = event, includes(record.set) else { continue }
            out.append(VerifyRecord(scanned: record))
        }
        out.sort { $0.digest.lexicographicallyPrecedes($1.digest) }
        return out
    }
}
