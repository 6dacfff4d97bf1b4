import AerospikeWire
import ArchiveStore

/// Encodes scanned records straight from their reply frame into ``RecordCodec`` bytes: the mapping of
/// ``RecordMapper`` (digest, set, stored key, generation, void time, bins as name + particle type + raw
/// particle bytes, last-update time 0) without building ``ScannedRecord`` or ``ArchiveRecord``.
/// One allocation per record (its encoded bytes).
///
/// Not thread-safe: holds scratch space; one encoder per partition scan.
struct ScanRecordEncoder {
    private var operations: [AsMessageView.OperationView] = []

    /// Encodes `record` of `batch`, which was scanned for `partition`.
    /// - Throws: ``RecordMapper/Failure`` (same checks and messages as ``RecordMapper``) if the digest
    ///   belongs to another partition, or a bin name is empty, longer than 15 bytes or repeated.
    mutating func encode(_ record: AsMessageView, in batch: ScanRecordBatch, partition: Int) throws -> EncodedRecord {
        let body = batch.body
        guard let digestRange = record.digestRange, digestRange.count == ArchiveRecord.digestByteCount else {
            throw RecordMapper.Failure(digestHex: HexCoding.encode(body[record.digestRange ?? 0..<0]), message: "digest is not 20 bytes")
        }
        let actual = batch.partitionID(of: record)
        guard actual == partition else {
            throw failure(digestRange, body, "delivered for partition \(partition) but belongs to partition \(actual)")
        }
        operations.removeAll(keepingCapacity: true)
        record.forEachOperation(in: body) { operations.append($0) }
        for (i, op) in operations.enumerated() {
            let length = op.nameRange.count
            guard length > 0, length <= Operation.maxBinNameLength else {
                let name = String(decoding: body[op.nameRange], as: UTF8.self)
                throw failure(digestRange, body, "bin name '\(name)' has \(length) bytes (1...15 allowed)")
            }
            for earlier in operations[..<i] where body[earlier.nameRange].elementsEqual(body[op.nameRange]) {
                let name = String(decoding: body[op.nameRange], as: UTF8.self)
                throw failure(digestRange, body, "bin '\(name)' appears twice")
            }
        }
        let setRange = batch.setRange(of: record)
        let keyRange = batch.keyRange(of: record)
        var bytes: [UInt8] = []
        // The wire message is larger than its encoding (22-byte header, 4-8 bytes per field and op).
        bytes.reserveCapacity(record.range.count + 8)
        body.withUnsafeBytes { raw in
            func slice(_ r: Range<Int>) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: raw[r]) }
            let key = keyRange.map { (particleType: raw[$0.lowerBound], value: slice(($0.lowerBound + 1)..<$0.upperBound)) }
            RecordCodec.appendRecord(
                into: &bytes, digest: slice(digestRange), set: setRange.map(slice), key: key,
                generation: record.generation, voidTime: record.recordTTL, lastUpdateTime: 0,
                binCount: operations.count
            ) { writer in
                for op in operations {
                    writer.append(name: slice(op.nameRange), particleType: op.particleType.rawValue, value: slice(op.valueRange))
                }
            }
        }
        let digest = body.withUnsafeBytes { RecordDigest(UnsafeRawBufferPointer(rebasing: $0[digestRange])) }
        return EncodedRecord(digest: digest, isTombstone: false, bytes: bytes)
    }

    private func failure(_ digest: Range<Int>, _ body: [UInt8], _ message: String) -> RecordMapper.Failure {
        RecordMapper.Failure(digestHex: HexCoding.encode(body[digest]), message: message)
    }
}
