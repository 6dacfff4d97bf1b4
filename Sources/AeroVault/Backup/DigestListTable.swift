import AerospikeWire
import ArchiveStore

/// Maps partitions to their digest-list chunks; stored as tree blobs referenced from the snapshot's
/// metadata under ``metadataName`` (SPEC.md §17.3).
///
/// Two levels so an incremental snapshot rewrites only the groups whose lists changed:
/// - the **root** blob: `version (1) = 0x01 || group count (u16 LE) || (group (u16 LE) || chunk id (32)) × count`,
///   groups ascending, only groups holding at least one partition;
/// - a **group** blob covering partitions `16·g … 16·g+15`: `version (1) = 0x01 || count (u16 LE) ||
///   (partition (u16 LE) || digest-list chunk id (32)) × count`, partitions ascending.
struct DigestListTable: Equatable {
    static let version: UInt8 = 1
    static let metadataName = "digest-lists"
    static let partitionsPerGroup = 16

    /// Digest-list chunk id per partition.
    var lists: [Int: ChunkID] = [:]

    /// Group blobs' plaintexts, keyed by group number.
    func encodeGroups() -> [Int: [UInt8]] {
        var groups: [Int: [(Int, ChunkID)]] = [:]
        for (partition, id) in lists { groups[partition / Self.partitionsPerGroup, default: []].append((partition, id)) }
        return groups.mapValues { entries in
            var out: [UInt8] = [Self.version]
            appendUInt16LE(UInt16(entries.count), to: &out)
            for (partition, id) in entries.sorted(by: { $0.0 < $1.0 }) {
                appendUInt16LE(UInt16(partition), to: &out)
                out += id.bytes
            }
            return out
        }
    }

    /// Root blob plaintext given each group blob's chunk id.
    static func encodeRoot(groups: [Int: ChunkID]) -> [UInt8] {
        var out: [UInt8] = [version]
        appendUInt16LE(UInt16(groups.count), to: &out)
        for (group, id) in groups.sorted(by: { $0.key < $1.key }) {
            appendUInt16LE(UInt16(group), to: &out)
            out += id.bytes
        }
        return out
    }

    /// Parses the root blob into group → chunk id.
    static func decodeRoot(_ bytes: [UInt8]) throws -> [Int: ChunkID] {
        try decodeEntries(bytes, what: "digest-list root", limit: Digest.partitionCount / partitionsPerGroup)
    }

    /// Parses one group blob, checking that its partitions belong to `group`.
    static func decodeGroup(_ bytes: [UInt8], group: Int) throws -> [Int: ChunkID] {
        let entries = try decodeEntries(bytes, what: "digest-list group \(group)", limit: Digest.partitionCount)
        for partition in entries.keys where partition / partitionsPerGroup != group {
            throw AeroVaultError(.corrupted, "digest-list group \(group) names partition \(partition) of another group")
        }
        return entries
    }

    private static func decodeEntries(_ bytes: [UInt8], what: String, limit: Int) throws -> [Int: ChunkID] {
        guard bytes.count >= 3 else { throw AeroVaultError(.corrupted, "\(what) blob is truncated") }
        guard bytes[0] == version else {
            throw AeroVaultError(.corrupted, "\(what) blob has unknown version \(bytes[0]); this build reads version 1")
        }
        let count = Int(bytes[1]) | Int(bytes[2]) << 8
        guard bytes.count == 3 + count * 34 else {
            throw AeroVaultError(.corrupted, "\(what) blob length \(bytes.count) does not match its \(count) entries")
        }
        var out: [Int: ChunkID] = [:]
        var offset = 3
        var previous = -1
        for _ in 0..<count {
            let key = Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
            guard key < limit, key > previous, let id = ChunkID(bytes: Array(bytes[offset + 2..<offset + 34])) else {
                throw AeroVaultError(.corrupted, "\(what) blob has an entry out of range or out of order")
            }
            out[key] = id
            previous = key
            offset += 34
        }
        return out
    }
}

@inline(__always)
func appendUInt16LE(_ value: UInt16, to out: inout [UInt8]) {
    out.append(UInt8(truncatingIfNeeded: value))
    out.append(UInt8(truncatingIfNeeded: value >> 8))
}
