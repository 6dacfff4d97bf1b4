/// A bin value in its particle encoding (fact sheet §5).
///
/// Lists and maps are kept as their raw Aerospike-msgpack bytes so a record round-trips byte for byte;
/// any particle this type does not model is kept as ``raw(type:_:)``.
public enum Value: Equatable, Sendable {
    case `nil`
    case integer(Int64)
    case double(Double)
    case string(String)
    case blob([UInt8])
    case bool(Bool)
    case geoJSON(String)
    case hll([UInt8])
    case list(msgpack: [UInt8])
    case map(msgpack: [UInt8])
    case raw(type: ParticleType, [UInt8])

    /// The particle type and value bytes as they go into an op.
    public var particle: (type: ParticleType, bytes: [UInt8]) {
        switch self {
        case .nil: return (.null, [])
        case .integer(let v): return (.integer, bytesBE(v))
        case .double(let d): return (.double, bytesBE(Int64(bitPattern: d.bitPattern)))
        case .string(let s): return (.string, Array(s.utf8))
        case .blob(let b): return (.blob, b)
        case .bool(let b): return (.bool, [b ? 1 : 0])
        case .geoJSON(let s): return (.geoJSON, [0, 0, 0] + Array(s.utf8))
        case .hll(let b): return (.hll, b)
        case .list(let m): return (.list, m)
        case .map(let m): return (.map, m)
        case .raw(let t, let b): return (t, b)
        }
    }

    /// Decodes a particle.
    /// - Throws: ``WireError/Code/malformed`` when a fixed-size particle (integer, double) has the wrong length.
    public init(particleType: ParticleType, bytes: [UInt8]) throws {
        switch particleType {
        case .null:
            guard bytes.isEmpty else { throw WireError.malformed("NULL particle with \(bytes.count) bytes") }
            self = .nil
        case .integer:
            guard let v = int64BE(bytes) else {
                throw WireError.malformed("INTEGER particle of \(bytes.count) bytes, expected 8")
            }
            self = .integer(v)
        case .double:
            guard let v = int64BE(bytes) else {
                throw WireError.malformed("DOUBLE particle of \(bytes.count) bytes, expected 8")
            }
            self = .double(Double(bitPattern: UInt64(bitPattern: v)))
        case .string:
            if let s = String(validating: bytes, as: UTF8.self) { self = .string(s) } else { self = .raw(type: .string, bytes) }
        case .blob: self = .blob(bytes)
        case .bool:
            if bytes == [0] { self = .bool(false) } else if bytes == [1] { self = .bool(true) } else { self = .raw(type: .bool, bytes) }
        case .geoJSON:
            if bytes.count >= 3, bytes[0] == 0, bytes[1] == 0, bytes[2] == 0,
                let s = String(validating: bytes[3...], as: UTF8.self)
            {
                self = .geoJSON(s)
            } else {
                self = .raw(type: .geoJSON, bytes)
            }
        case .hll: self = .hll(bytes)
        case .list: self = .list(msgpack: bytes)
        case .map: self = .map(msgpack: bytes)
        default: self = .raw(type: particleType, bytes)
        }
    }
}

/// A user key: what the digest is computed from, optionally stored with the record ("send key").
public enum UserKey: Equatable, Hashable, Sendable {
    case integer(Int64)
    case string(String)
    case blob([UInt8])

    /// Particle type byte used in the digest and the KEY field.
    public var particleType: ParticleType {
        switch self {
        case .integer: return .integer
        case .string: return .string
        case .blob: return .blob
        }
    }

    /// Value bytes (integer: 8 BE bytes; string: UTF-8; blob: raw).
    public var valueBytes: [UInt8] {
        switch self {
        case .integer(let v): return bytesBE(v)
        case .string(let s): return Array(s.utf8)
        case .blob(let b): return b
        }
    }

    /// KEY field (type 2) data: particle type byte + value bytes.
    public var fieldData: [UInt8] { [particleType.rawValue] + valueBytes }

    /// Decodes KEY field data.
    /// - Throws: ``WireError/Code/malformed`` for an empty field, an unsupported particle type or a bad length.
    public init(fieldData: [UInt8]) throws {
        guard let t = fieldData.first else { throw WireError.malformed("empty KEY field") }
        let rest = Array(fieldData.dropFirst())
        switch ParticleType(rawValue: t) {
        case .integer:
            guard let v = int64BE(rest) else { throw WireError.malformed("integer KEY of \(rest.count) bytes") }
            self = .integer(v)
        case .string:
            guard let s = String(validating: rest, as: UTF8.self) else { throw WireError.malformed("KEY not UTF-8") }
            self = .string(s)
        case .blob:
            self = .blob(rest)
        default:
            throw WireError.malformed("unsupported KEY particle type \(t)")
        }
    }
}
