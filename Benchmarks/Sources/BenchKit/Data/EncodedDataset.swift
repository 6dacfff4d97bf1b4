import AerospikeWire
import ArchiveStore
import Foundation

/// A namespace's records encoded with ``RecordCodec``, partition after partition (0…4095), each
/// partition in ascending digest order — the byte stream every contender is given.
public struct EncodedDataset: Sendable {
    /// One encoded record and its digest (the chunker's cut decision needs the digest).
    public struct Entry: Sendable {
        public var digest: [UInt8]
        public var bytes: [UInt8]
    }

    /// Entries per partition, ascending digest.
    public private(set) var partitions: [[Entry]]
    /// Number of records.
    public private(set) var recordCount: Int
    /// Total encoded bytes.
    public private(set) var byteCount: Int

    /// Encodes `records` (any order; any partition) into the stream order.
    public init(records: [ArchiveRecord]) {
        var partitions = [[Entry]](repeating: [], count: Digest.partitionCount)
        var bytes = 0
        for record in records {
            var encoded: [UInt8] = []
            RecordCodec.encode(record, into: &encoded)
            bytes += encoded.count
            partitions[Digest.partitionID(record.digest)].append(Entry(digest: record.digest, bytes: encoded))
        }
        for p in partitions.indices {
            partitions[p].sort { $0.digest.lexicographicallyPrecedes($1.digest) }
        }
        self.partitions = partitions
        self.recordCount = records.count
        self.byteCount = bytes
    }

    /// Writes the whole stream to `handle` in ~1 MiB writes; stops quietly if the reader goes away.
    public func feed(_ handle: FileHandle) {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20 + 4096)
        for partition in partitions {
            for entry in partition {
                buffer.append(contentsOf: entry.bytes)
                if buffer.count >= 1 << 20 {
                    guard (try? handle.write(contentsOf: buffer)) != nil else { return }
                    buffer.removeAll(keepingCapacity: true)
                }
            }
        }
        if !buffer.isEmpty { try? handle.write(contentsOf: buffer) }
    }

    /// Cuts the stream into chunks with the real ``RecordChunker`` (record boundaries, ~256 KiB
    /// average); stops after about `limitBytes`.
    ///
    /// - Parameter perPartition: cut each partition separately, as the backup's one-layer-per-
    ///   partition does (small partitions then give small chunks); otherwise one continuous stream.
    public func chunks(
        keys: KeySet, parameters: ChunkerParameters = .default, perPartition: Bool = false, limitBytes: Int = .max
    ) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var total = 0
        var chunker = RecordChunker(parameters: parameters, keys: keys)
        func take(_ chunk: [UInt8]?) {
            guard let chunk else { return }
            out.append(chunk)
            total += chunk.count
        }
        for partition in partitions {
            for entry in partition {
                take(chunker.append(encodedRecord: entry.bytes, digest: entry.digest))
            }
            if perPartition {
                take(chunker.finish())
                chunker = RecordChunker(parameters: parameters, keys: keys)
            }
            if total >= limitBytes { break }
        }
        take(chunker.finish())
        return out
    }
}
