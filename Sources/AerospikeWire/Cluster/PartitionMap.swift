import Foundation

/// Which node holds each replica of each partition, per namespace (SPEC.md §12.6 "Replicas", §12.3).
///
/// Pure value: built by merging every live node's `replicas` reply, so a node that stops answering simply
/// drops out of the next map.
public struct PartitionMap: Equatable, Sendable {
    /// Per namespace: `owners[replica][partition]` = node id.
    public private(set) var namespaces: [String: [[String?]]] = [:]
    private var regimes: [String: [UInt32]] = [:]

    public init() {}

    /// The node mastering `partition` of `namespace`.
    public func master(namespace: String, partition: Int) -> String? {
        guard (0..<Digest.partitionCount).contains(partition), let reps = namespaces[namespace], let m = reps.first
        else { return nil }
        return m[partition]
    }

    /// All replica owners of a partition, master first.
    public func replicas(namespace: String, partition: Int) -> [String] {
        guard (0..<Digest.partitionCount).contains(partition), let reps = namespaces[namespace] else { return [] }
        return reps.compactMap { $0[partition] }
    }

    /// Merges one node's `replicas` reply: `ns:regime,count,b64,…;ns2:…`. A claim is accepted when its
    /// regime is ≥ the stored regime for that partition (SC rule; AP namespaces report 0).
    /// - Throws: ``WireError/Code/malformed`` for syntax errors or bitmaps that are not 512 bytes.
    public mutating func merge(node: String, replicas text: String) throws {
        for entry in text.split(separator: ";") where !entry.isEmpty {
            guard let colon = entry.firstIndex(of: ":") else { throw WireError.malformed("replicas entry without ':'") }
            let ns = String(entry[..<colon])
            let parts = entry[entry.index(after: colon)...].split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count >= 2, let regime = UInt32(parts[0]), let count = Int(parts[1]), count >= 0,
                parts.count == 2 + count
            else {
                throw WireError.malformed("replicas entry for '\(ns)' is malformed")
            }
            var owners = namespaces[ns] ?? []
            var nsRegimes = regimes[ns] ?? [UInt32](repeating: 0, count: Digest.partitionCount)
            while owners.count < count { owners.append([String?](repeating: nil, count: Digest.partitionCount)) }
            for r in 0..<count {
                guard let bitmap = Data(base64Encoded: String(parts[2 + r])), bitmap.count == Digest.partitionCount / 8 else {
                    throw WireError.malformed("replicas bitmap \(r) for '\(ns)' is not 512 bytes of base64")
                }
                let bytes = [UInt8](bitmap)
                for p in 0..<Digest.partitionCount where bytes[p >> 3] & (0x80 >> UInt8(p & 7)) != 0 {
                    if regime >= nsRegimes[p] {
                        owners[r][p] = node
                        nsRegimes[p] = regime
                    }
                }
            }
            namespaces[ns] = owners
            regimes[ns] = nsRegimes
        }
    }

    /// Builds the base64 bitmap for a set of partitions (used by tests and the simulator).
    public static func bitmap(_ partitions: some Sequence<Int>) -> String {
        var bytes = [UInt8](repeating: 0, count: Digest.partitionCount / 8)
        for p in partitions where (0..<Digest.partitionCount).contains(p) { bytes[p >> 3] |= 0x80 >> UInt8(p & 7) }
        return Data(bytes).base64EncodedString()
    }
}
