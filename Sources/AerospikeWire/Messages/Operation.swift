/// One AS_MSG operation (bin): `size(u32 BE) | op | particle type | flags(0) | name_len | name | value`.
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
        let nameBytes = Array(name.utf8.prefix(255))
        out.appendBE(UInt32(4 + nameBytes.count + value.count))
        out.append(type.rawValue)
        out.append(particleType.rawValue)
        out.append(0)
        out.append(UInt8(nameBytes.count))
        out.append(contentsOf: nameBytes)
        out.append(contentsOf: value)
    }

    static func decode(_ r: inout ByteReader) throws -> Operation {
        let size = Int(try r.u32("op size"))
        guard size >= 4 else { throw WireError.malformed("op size \(size) < 4") }
        try r.require(size, "op body")
        let type = OperationType(rawValue: try r.u8())
        let particle = ParticleType(rawValue: try r.u8())
        _ = try r.u8()  // flags/version byte
        let nameLength = Int(try r.u8())
        guard nameLength <= size - 4 else { throw WireError.malformed("op name length \(nameLength) exceeds op") }
        let nameBytes = try r.take(nameLength, "bin name")
        guard let name = String(validating: nameBytes, as: UTF8.self) else {
            throw WireError.malformed("bin name is not UTF-8")
        }
        let value = try r.take(size - 4 - nameLength, "op value")
        return Operation(type: type, particleType: particle, name: name, value: value)
    }
}
