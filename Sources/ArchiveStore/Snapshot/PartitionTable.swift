/// Per partition (0..<4096), the stack of layers that make up its records, oldest first (SPEC.md §9).
///
/// Stored as 16 tree chunks of 256 partitions each, so groups that did not change between snapshots
/// deduplicate. Each blob: version (1) ‖ first partition (u16 LE) ‖ partition count (u16 LE) ‖ per
/// partition: layer count (u16 LE) ‖ per layer: layer id (32) ‖ record count (u64 LE) ‖ tombstone count (u64 LE).
public struct PartitionTable: Sendable, Equatable {
    /// Partitions per Aerospike namespace (SPEC.md §12.3). ArchiveStore's own copy of this fact, as it
    /// may not import AerospikeWire's `Digest.partitionCount`; `AerospikeFactsTests` proves they agree.
    public static let partitionCount = 4096
    static let partitionsPerBlob = 256
    static let version: UInt8 = 1

    /// `stacks[p]` is partition p's layers, oldest first; the newest layer wins in a merge.
    public var stacks: [[LayerRef]]

    /// A table with every partition empty.
    public init() {
        stacks = Array(repeating: [], count: Self.partitionCount)
    }

    /// A table built from explicit stacks. - Throws: `.invalidArgument` unless there are 4096.
    public init(stacks: [[LayerRef]]) throws {
        guard stacks.count == Self.partitionCount else {
            throw ArchiveStoreError(.invalidArgument, "a partition table needs \(Self.partitionCount) stacks, got \(stacks.count)")
        }
        self.stacks = stacks
    }

    func encodeBlobs() -> [[UInt8]] {
        stride(from: 0, to: Self.partitionCount, by: Self.partitionsPerBlob).map { first in
            var out: [UInt8] = [Self.version]
            out.appendLittleEndian(UInt16(first))
            out.appendLittleEndian(UInt16(Self.partitionsPerBlob))
            for stack in stacks[first..<first + Self.partitionsPerBlob] {
                out.appendLittleEndian(UInt16(stack.count))
                for layer in stack {
                    out.appendID(layer.id)
                    out.appendLittleEndian(layer.recordCount)
                    out.appendLittleEndian(layer.tombstoneCount)
                }
            }
            return out
        }
    }

    /// Rebuilds a table from its blobs, checking they cover 0..<4096 exactly once in order.
    static func decode(blobs: [(id: ChunkID, bytes: [UInt8])]) throws -> PartitionTable {
        var stacks: [[LayerRef]] = []
        stacks.reserveCapacity(partitionCount)
        for (id, bytes) in blobs {
            var reader = ByteReader(bytes, context: "partition table chunk \(id.short)")
            let version = try reader.readUInt8("version")
            guard version == Self.version else {
                throw ArchiveStoreError(
                    .unsupportedFormatVersion, "partition table chunk \(id.short) has version \(version)")
            }
            let first = Int(try reader.readUInt16LE("first partition"))
            let count = Int(try reader.readUInt16LE("partition count"))
            guard first == stacks.count, first + count <= partitionCount else {
                throw reader.corrupted("covers partitions \(first)..<\(first + count), expected to start at \(stacks.count)")
            }
            for _ in 0..<count {
                let layers = try reader.readUInt16LE("layer count")
                try reader.requireRoom(count: UInt64(layers), size: 48, "layers")
                var stack: [LayerRef] = []
                for _ in 0..<layers {
                    stack.append(
                        LayerRef(id: try reader.readID("layer id"), recordCount: try reader.readUInt64LE("records"),
                                 tombstoneCount: try reader.readUInt64LE("tombstones")))
                }
                stacks.append(stack)
            }
            try reader.requireEnd()
        }
        guard stacks.count == partitionCount else {
            throw ArchiveStoreError(.corrupted, "partition table covers \(stacks.count) partitions, expected 4096")
        }
        return try PartitionTable(stacks: stacks)
    }
}
