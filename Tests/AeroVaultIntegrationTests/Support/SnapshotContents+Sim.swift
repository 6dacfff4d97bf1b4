import AeroVaultTestSupport
import AerospikeSim
import ArchiveStore

extension SnapshotContents {
    /// Human-readable differences between the snapshot's records and the cluster's (empty = identical):
    /// missing, extra, and records whose set, key, generation, void time or bins differ.
    static func differences(
        snapshot: [[UInt8]: ArchiveRecord], cluster: [[UInt8]: SimRecord], limit: Int = 10
    ) -> [String] {
        var out: [String] = []
        for (digest, sim) in cluster {
            guard let record = snapshot[digest] else {
                out.append("missing \(HexCoding.encode(digest))")
                if out.count >= limit { return out }
                continue
            }
            if let difference = compare(record, sim) {
                out.append("\(HexCoding.encode(digest)): \(difference)")
                if out.count >= limit { return out }
            }
        }
        for digest in snapshot.keys where cluster[digest] == nil {
            out.append("extra \(HexCoding.encode(digest))")
            if out.count >= limit { return out }
        }
        return out
    }

    static func compare(_ record: ArchiveRecord, _ sim: SimRecord) -> String? {
        if record.isTombstone { return "is a tombstone" }
        if record.set != sim.setName { return "set \(record.set ?? "-") != \(sim.setName ?? "-")" }
        let simKey = sim.userKey.map { ArchiveKey(particleType: $0.particleType, value: $0.data) }
        if record.key != simKey { return "user key differs" }
        if record.generation != UInt32(sim.generation) { return "generation \(record.generation) != \(sim.generation)" }
        if record.voidTime != sim.voidTime { return "void time \(record.voidTime) != \(sim.voidTime)" }
        let bins = record.bins.map { [$0.name: [$0.particleType] + $0.value] }
        let simBins = sim.bins.map { [$0.name: [$0.particleType] + $0.data] }
        if Set(bins) != Set(simBins) || bins.count != simBins.count { return "bins differ" }
        return nil
    }
}
