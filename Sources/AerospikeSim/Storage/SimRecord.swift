/// One bin of a stored record: its name and its value in particle form (type byte + wire bytes).
///
/// The simulator keeps values exactly as they arrive on the wire (SPEC.md §12.2 "Particle types"), so a
/// record read back returns the same bytes that were written.
public struct SimBin: Hashable, Sendable {
    /// Bin name (at most 15 bytes of UTF-8).
    public var name: String
    /// Particle type (1 integer, 2 float, 3 string, 4 blob, 17 bool, 19 map, 20 list, …).
    public var particleType: UInt8
    /// Value bytes as they appear in a wire op (integers: 8 bytes big-endian).
    public var data: [UInt8]

    /// Creates a bin from a particle type and its wire bytes.
    public init(name: String, particleType: UInt8, data: [UInt8]) {
        self.name = name
        self.particleType = particleType
        self.data = data
    }

    /// An integer bin (particle type 1, 8 bytes big-endian).
    public static func integer(_ name: String, _ value: Int64) -> SimBin {
        SimBin(name: name, particleType: SimParticle.integer, data: SimParticle.bigEndianBytes(value))
    }

    /// A string bin (particle type 3, UTF-8).
    public static func string(_ name: String, _ value: String) -> SimBin {
        SimBin(name: name, particleType: SimParticle.string, data: Array(value.utf8))
    }

    /// A blob bin (particle type 4).
    public static func blob(_ name: String, _ value: [UInt8]) -> SimBin {
        SimBin(name: name, particleType: SimParticle.blob, data: value)
    }

    /// The integer value, if this is an 8-byte integer particle.
    public var integerValue: Int64? {
        guard particleType == SimParticle.integer, data.count == 8 else { return nil }
        return SimParticle.int64(bigEndian: data)
    }

    /// The string value, if this is a string particle.
    public var stringValue: String? {
        guard particleType == SimParticle.string else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A stored user key ("send key"): particle type (1 int, 3 string, 4 blob) and key bytes.
public struct SimUserKey: Hashable, Sendable {
    /// Particle type of the key.
    public var particleType: UInt8
    /// Key bytes as sent in the KEY field after the type byte.
    public var data: [UInt8]

    /// Creates a stored user key.
    public init(particleType: UInt8, data: [UInt8]) {
        self.particleType = particleType
        self.data = data
    }
}

/// A stored record with the metadata the real server keeps in its index.
public struct SimRecord: Hashable, Sendable {
    /// The record digest; its first bytes give the partition.
    public var digest: SimDigest
    /// Set name, or nil for records in no set.
    public var setName: String?
    /// The user key, if the writer sent it.
    public var userKey: SimUserKey?
    /// Bins in the order they were first written.
    public var bins: [SimBin]
    /// Record generation: 1 after creation, bumped by every write or touch, wraps at 16 bits skipping 0.
    public var generation: UInt16
    /// Void time in seconds since 2010-01-01 UTC (Citrusleaf epoch); 0 = never expires.
    public var voidTime: UInt32
    /// Last-update time in milliseconds since the Unix epoch.
    public var lastUpdateMs: UInt64

    /// Creates a record.
    public init(
        digest: SimDigest, setName: String? = nil, userKey: SimUserKey? = nil, bins: [SimBin],
        generation: UInt16 = 1, voidTime: UInt32 = 0, lastUpdateMs: UInt64
    ) {
        self.digest = digest
        self.setName = setName
        self.userKey = userKey
        self.bins = bins
        self.generation = generation
        self.voidTime = voidTime
        self.lastUpdateMs = lastUpdateMs
    }

    /// The bin with this name, if present.
    public func bin(_ name: String) -> SimBin? {
        bins.first { $0.name == name }
    }

    /// Whether the record has expired at the given Citrusleaf-epoch second.
    ///
    /// A record stays live through its void second and expires once the clock is past it
    /// (`void_time < now`), like the real server's `as_record_is_expired`: a TTL-1 write is readable
    /// for more than one second.
    public func isExpired(atVoidSecond now: UInt32) -> Bool {
        voidTime != 0 && voidTime < now
    }

    /// Next generation after a write: wraps at 16 bits and never yields 0, like the server.
    static func nextGeneration(after generation: UInt16) -> UInt16 {
        generation == UInt16.max ? 1 : generation + 1
    }

    /// Approximate size of the record in the server's flat storage format: header, user key, set name
    /// and per bin name length + name + particle type + value. Compared with ``SimCluster/maxRecordSize``.
    var flatSize: Int {
        let bins = bins.reduce(0) { $0 + 1 + $1.name.utf8.count + 1 + 4 + $1.data.count }
        return 32 + (userKey.map { 5 + $0.data.count } ?? 0) + (setName?.utf8.count ?? 0) + bins
    }

    /// Approximate stored size in bytes (used for namespace statistics).
    var approximateSize: Int {
        bins.reduce(64) { $0 + $1.name.utf8.count + $1.data.count + 4 } + (userKey?.data.count ?? 0)
    }
}
