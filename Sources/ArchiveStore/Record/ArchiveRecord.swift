/// A record's user key as stored: Aerospike particle type and its raw particle bytes.
public struct ArchiveKey: Equatable, Hashable, Sendable {
    /// Aerospike particle type (1 integer, 2 double, 3 string, 4 blob, …); stored, not interpreted.
    public var particleType: UInt8
    /// The key's particle bytes exactly as on the wire.
    public var value: [UInt8]

    public init(particleType: UInt8, value: [UInt8]) {
        self.particleType = particleType
        self.value = value
    }
}

/// One bin of a stored record.
public struct ArchiveBin: Equatable, Sendable {
    /// Bin name (Aerospike limits it to 15 bytes; the encoding does not).
    public var name: String
    /// Aerospike particle type of the value; stored, not interpreted.
    public var particleType: UInt8
    /// Raw particle bytes (maps and lists: their msgpack bytes).
    public var value: [UInt8]

    public init(name: String, particleType: UInt8, value: [UInt8]) {
        self.name = name
        self.particleType = particleType
        self.value = value
    }
}

/// One Aerospike record, or a tombstone for one, as stored in a chunk (SPEC.md §5).
public struct ArchiveRecord: Equatable, Sendable {
    /// Length of an Aerospike digest (RIPEMD-160 of set and key).
    public static let digestByteCount = 20

    /// The record's 20-byte digest; chunks are sorted by it.
    public var digest: [UInt8]
    /// Deleted since the layer below; only ``digest`` is stored and meaningful.
    public var isTombstone: Bool
    /// Set name, nil if the record has none.
    public var set: String?
    /// User key if the record stored one.
    public var key: ArchiveKey?
    public var generation: UInt32
    /// Expiry in seconds since 2010-01-01T00:00:00Z (the Aerospike epoch); 0 = never expires.
    public var voidTime: UInt32
    /// Last update in nanoseconds since the Unix epoch; 0 = unknown.
    public var lastUpdateTime: UInt64
    /// Bins in the order they were read.
    public var bins: [ArchiveBin]

    public init(
        digest: [UInt8], isTombstone: Bool = false, set: String? = nil, key: ArchiveKey? = nil,
        generation: UInt32 = 0, voidTime: UInt32 = 0, lastUpdateTime: UInt64 = 0, bins: [ArchiveBin] = []
    ) {
        self.digest = digest
        self.isTombstone = isTombstone
        self.set = set
        self.key = key
        self.generation = generation
        self.voidTime = voidTime
        self.lastUpdateTime = lastUpdateTime
        self.bins = bins
    }

    /// A tombstone for `digest`.
    public static func tombstone(digest: [UInt8]) -> ArchiveRecord {
        ArchiveRecord(digest: digest, isTombstone: true)
    }
}
