/// A bin value in its particle encoding (SPEC.md §12.2 "Particle types").
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

