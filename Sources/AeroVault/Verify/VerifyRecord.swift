/// The parts of a record that verify compares: digest, set, user key and bins.
///
/// Generation, void time and last-update time are not compared: a restore legitimately changes them.
/// Bins compare as a map name → (particle type, raw particle bytes); maps and lists as their msgpack bytes.
public struct VerifyRecord: Sendable, Equatable {
    /// One bin's value as stored on the wire.
    public struct BinValue: Sendable, Equatable {
        public var particleType: UInt8
        public var bytes: [UInt8]

        public init(particleType: UInt8, bytes: [UInt8]) {
            self.particleType = particleType
            self.bytes = bytes
        }
    }

    /// A stored user key: particle type and raw bytes (integers as 8-byte big-endian).
    public struct Key: Sendable, Equatable {
        public var particleType: UInt8
        public var bytes: [UInt8]

        public init(particleType: UInt8, bytes: [UInt8]) {
            self.particleType = particleType
            self.bytes = bytes
        }
    }

    /// RIPEMD-160 digest, 20 bytes.
    public var digest: [UInt8]
    /// Set name; nil or "" = no set.
    public var set: String?
    /// User key, if the record stores it.
    public var key: Key?
    public var bins: [String: BinValue]

    public init(digest: [UInt8], set: String?, key: Key?, bins: [String: BinValue]) {
        self.digest = digest
        self.set = set
        self.key = key
        self.bins = bins
    }

    /// The set name with "no set" spelled as "".
    public var setName: String { self.set ?? "" }

    /// Keeps only the named bins (`nil` keeps all).
    public func keepingBins(_ names: Set<String>?) -> VerifyRecord {
        guard let names else { return self }
        var copy = self
        copy.bins = bins.filter { names.contains($0.key) }
        return copy
    }
}
