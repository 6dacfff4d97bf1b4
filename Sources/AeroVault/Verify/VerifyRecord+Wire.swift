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

/// Reads partitions of a namespace from the cluster, each sorted ascending by digest, for verify.
///
/// The server (and the simulator) return a partition in descending digest order; this never assumes
/// an order and sorts in memory (a group of partitions at a time, so memory is bounded by the group).
struct ClusterPartitionScanner: Sendable {
    let cluster: Cluster
    let namespace: String
    /// Only these bins are read (`nil` = all).
    let binNames: [String]?

    /// Scans `partitions` in one scan request and returns each one's records ascending by digest.
    func records(partitions: [Int]) async throws -> [Int: [VerifyRecord]] {
        let request = ScanRequest(namespace: namespace, binNames: binNames, partitions: .list(partitions))
        var out: [Int: [VerifyRecord]] = [:]
        for p in partitions { out[p] = [] }
        for try await event in cluster.scan(request) {
            guard case .record(let record) = event else { continue }
            out[record.partitionID, default: []].append(VerifyRecord(scanned: record))
        }
        for p in out.keys { out[p]?.sort { $0.digest.lexicographicallyPrecedes($1.digest) } }
        return out
    }
}
