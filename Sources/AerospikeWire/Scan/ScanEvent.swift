/// A record delivered by a scan.
public struct ScannedRecord: Equatable, Sendable {
    /// Namespace the record was scanned from.
    public var namespace: String
    /// 20-byte RIPEMD-160 digest (the record identity).
    public var digest: [UInt8]
    /// Set name, nil if the record has none.
    public var set: String?
    /// User key, present only if it was stored with the record.
    public var userKey: UserKey?
    /// Record generation.
    public var generation: UInt32
    /// Seconds since 2010-01-01 UTC; 0 = never expires.
    public var voidTime: UInt32
    /// Bins in server order (empty for metadata-only scans).
    public var bins: [Bin]

    /// Partition id of the record.
    public var partitionID: Int { Digest.partitionID(digest) }

    /// Builds a record from a scan reply message.
    /// - Throws: ``WireError/Code/malformed`` if the digest is missing or not 20 bytes.
    init(message m: AsMessage, namespace: String) throws {
        guard let digest = m.digest else { throw WireError.malformed("scan record without a 20-byte digest") }
        self.namespace = m.namespace ?? namespace
        self.digest = digest
        self.set = m.setName
        self.userKey = m.userKey
        self.generation = m.generation
        self.voidTime = m.recordTTL
        self.bins = m.operations.map { op in
            Bin(op.name, (try? op.decodedValue()) ?? .raw(type: op.particleType, op.value))
        }
    }

    /// Creates a record (tests and simulators).
    public init(namespace: String, digest: [UInt8], set: String?, userKey: UserKey?, generation: UInt32, voidTime: UInt32, bins: [Bin]) {
        self.namespace = namespace
        self.digest = digest
        self.set = set
        self.userKey = userKey
        self.generation = generation
        self.voidTime = voidTime
        self.bins = bins
    }
}

/// What a scan delivers.
public enum ScanEvent: Equatable, Sendable {
    case record(ScannedRecord)
    /// Every record of this partition has been delivered.
    case partitionDone(Int)
}
