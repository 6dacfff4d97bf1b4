/// The records of one scan reply frame (SPEC.md §12.11), delivered without decoding them: the frame body plus an
/// ``AsMessageView`` per record (already checked to carry a 20-byte digest). The backup encodes
/// archive records straight from these byte ranges.
public struct ScanRecordBatch: Sendable {
    /// The proto body the views point into.
    public let body: [UInt8]
    /// The records to deliver, in wire order.
    public let records: [AsMessageView]
    /// The namespace the scan asked for (records normally repeat it in a NAMESPACE field).
    public let namespace: String

    /// Creates a batch; every view must come from `body` and have a 20-byte digest.
    public init(body: [UInt8], records: [AsMessageView], namespace: String) {
        self.body = body
        self.records = records
        self.namespace = namespace
    }

    /// The record's partition id (from its digest).
    public func partitionID(of record: AsMessageView) -> Int {
        guard let d = record.digestRange, d.count >= 2 else { return 0 }
        return Digest.partitionID(body, at: d.lowerBound)
    }

    /// The record's SET field if it is valid UTF-8 (what ``ScannedRecord/set`` holds), else nil.
    public func setRange(of record: AsMessageView) -> Range<Int>? {
        guard let range = record.setRange, UTF8Check.isValid(body, range) else { return nil }
        return range
    }

    /// The record's KEY field data (particle type byte + value) if it decodes as a ``UserKey`` (what
    /// ``ScannedRecord/userKey`` holds), else nil.
    public func keyRange(of record: AsMessageView) -> Range<Int>? {
        guard let range = record.keyRange, UserKey.isValidFieldData(body, range) else { return nil }
        return range
    }

    /// The record decoded into a ``ScannedRecord`` (allocates; the general API).
    public func scannedRecord(_ record: AsMessageView) throws -> ScannedRecord {
        try ScannedRecord(message: record.message(in: body), namespace: namespace)
    }
}

/// What ``Cluster/scanBatches(_:)`` delivers.
public enum ScanBatchEvent: Sendable {
    /// Records of one reply frame (never empty).
    case records(ScanRecordBatch)
    /// Every record of this partition has been delivered.
    case partitionDone(Int)
}
