/// One AS_MSG operation (bin, SPEC.md §12.2): `size(u32 BE) | op | particle type | flags(0) | name_len |
/// name | value`.
/// `size` counts everything after itself: `4 + name.utf8.count + value.count`.
public struct Operation: Equatable, Sendable {
    /// Operation type byte.
    public var type: OperationType
    /// Particle type of `value`.
    public var particleType: ParticleType
    /// Bin name (≤ 15 UTF-8 bytes for the server).
    public var name: String
    /// Particle-encoded value.
    public var value: [UInt8]

    /// Largest bin name the server accepts.
    public static let maxBinNameLength = 15

    /// Creates an operation.
    public init(type: OperationType, particleType: ParticleType = .null, name: String = "", value: [UInt8] = []) {
        self.type = type
        self.particleType = particleType
        self.name = name
        self.value = value
    }

    /// A READ op for one bin.
    public static func read(_ binName: String) -> Operation { Operation(type: .read, name: binName) }

    /// A WRITE op setting `binName` to `value` (``Value/nil`` deletes the bin).
    public static func write(_ binName: String, _ value: Value) -> Operation {
        let (pt, bytes) = value.particle
        return Operation(type: .write, particleType: pt, name: binName, value: bytes)
    }

    /// The value decoded from its particle encoding.
    public func decodedValue() throws -> Value { try Value(particleType: particleType, bytes: value) }

    /// Appends the wire form. Names longer than 255 UTF-8 bytes are truncated (callers validate first).
    public func encode(into out: inout [UInt8]) {
        Self.append(type: type, particleType: particleType.rawValue, name: name.utf8.prefix(255), value: value, into: &out)
    }

    /// Appends an op's wire form from its parts: every encoder of ops writes through here. `name`
    /// must hold at most 255 bytes.
    static func append(
        type: OperationType, particleType: UInt8, name: some Collection<UInt8>, value: some Collection<UInt8>,
        into out: inout [UInt8]
    ) {
        let nameCount = name.count
        out.appendBE(UInt32(truncatingIfNeeded: 4 + nameCount + value.count))
        out.append(type.rawValue)
        out.append(particleType)
        out.append(0)  // flags/version byte
        out.append(UInt8(truncatingIfNeeded: nameCount))
        out.append(contentsOf: name)
        out.append(contentsOf: value)
    }
}
