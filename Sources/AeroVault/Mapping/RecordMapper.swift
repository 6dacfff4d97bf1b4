import AerospikeWire
import ArchiveStore

/// Maps scanned wire records to archive records, losslessly (SPEC.md §14 "backup", "Record mapping").
///
/// digest (20 B), set, user key (particle type + raw bytes; integers as 8 bytes big-endian),
/// generation, void time (Citrusleaf-epoch seconds, 0 = never), last-update time 0 (scans do not
/// return it), bins as (name, particle type, raw particle bytes) — lists and maps stay msgpack bytes.
enum RecordMapper {
    /// Why a record could not be mapped; the engine counts and reports it (exit status 3).
    struct Failure: Error, CustomStringConvertible {
        var digestHex: String
        var message: String
        var description: String { "record \(digestHex): \(message)" }
    }

    /// Maps one scanned record of `partition`.
    /// - Throws: ``Failure`` if the digest is not 20 bytes, belongs to another partition, or a bin name
    ///   is empty, longer than 15 bytes or repeated.
    static func archiveRecord(from scanned: ScannedRecord, partition: Int) throws -> ArchiveRecord {
        let hex = HexCoding.encode(scanned.digest)
        guard scanned.digest.count == ArchiveRecord.digestByteCount else {
            throw Failure(digestHex: hex, message: "digest has \(scanned.digest.count) bytes, expected 20")
        }
        guard Digest.partitionID(scanned.digest) == partition else {
            throw Failure(
                digestHex: hex,
                message: "delivered for partition \(partition) but belongs to partition \(Digest.partitionID(scanned.digest))")
        }
        var bins: [ArchiveBin] = []
        bins.reserveCapacity(scanned.bins.count)
        var names = Set<String>()
        for bin in scanned.bins {
            let length = bin.name.utf8.count
            guard length > 0, length <= Operation.maxBinNameLength else {
                throw Failure(digestHex: hex, message: "bin name '\(bin.name)' has \(length) bytes (1...15 allowed)")
            }
            guard names.insert(bin.name).inserted else {
                throw Failure(digestHex: hex, message: "bin '\(bin.name)' appears twice")
            }
            let particle = bin.value.particle
            bins.append(ArchiveBin(name: bin.name, particleType: particle.type.rawValue, value: particle.bytes))
        }
        let key = scanned.userKey.map { ArchiveKey(particleType: $0.particleType.rawValue, value: $0.valueBytes) }
        return ArchiveRecord(
            digest: scanned.digest, isTombstone: false, set: scanned.set, key: key,
            generation: scanned.generation, voidTime: scanned.voidTime, lastUpdateTime: 0, bins: bins)
    }
}
