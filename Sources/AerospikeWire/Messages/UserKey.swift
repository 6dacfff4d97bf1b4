/// A user key: what the digest is computed from (SPEC.md §12.3), optionally stored with the record in
/// a KEY field ("send key", §12.2).
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

    /// Whether the KEY field data in `bytes[range]` is accepted by ``init(fieldData:)`` (same rules:
    /// integer 8 bytes, string valid UTF-8, blob any), checked without copying.
    public static func isValidFieldData(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return false }
        let rest = (range.lowerBound + 1)..<range.upperBound
        switch ParticleType(rawValue: bytes[range.lowerBound]) {
        case .integer: return rest.count == 8
        case .string: return UTF8Check.isValid(bytes, rest)
        case .blob: return true
        default: return false
        }
    }

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
