import ArchiveStore
import Foundation

/// Short human renderings of stored keys and bins for `ls` (never the whole value of a large bin).
public enum RecordPreview {
    /// Longest preview of a string or blob value, in characters.
    public static let maxLength = 24

    /// `int 42`, `str "alice"`, `blob 0a1b…(32 B)`, `double 1.5`, `bool true`, `map (40 B)`.
    public static func value(particleType: UInt8, bytes: [UInt8]) -> String {
        switch particleType {
        case 1 where bytes.count == 8:
            return "\(Int64(bitPattern: bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }))"
        case 2 where bytes.count == 8:
            return "\(Double(bitPattern: bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }))"
        case 3:
            let text = String(decoding: bytes, as: UTF8.self)
            let shown = text.count > maxLength ? String(text.prefix(maxLength)) + "…" : text
            return "\"\(shown.replacingOccurrences(of: "\n", with: "\\n"))\""
        case 4:
            let hex = HexCoding.encode(bytes.prefix(maxLength / 2))
            return bytes.count > maxLength / 2 ? "0x\(hex)…(\(bytes.count) B)" : "0x\(hex)"
        case 17 where bytes.count == 1:
            return bytes[0] == 0 ? "false" : "true"
        default:
            return "\(typeName(particleType))(\(bytes.count) B)"
        }
    }

    /// Aerospike particle type names.
    public static func typeName(_ particleType: UInt8) -> String {
        switch particleType {
        case 0: return "nil"
        case 1: return "int"
        case 2: return "double"
        case 3: return "str"
        case 4: return "blob"
        case 17: return "bool"
        case 18: return "hll"
        case 19: return "map"
        case 20: return "list"
        case 23: return "geojson"
        default: return "type\(particleType)"
        }
    }

    /// The user key, or `-` when the record has none stored.
    public static func key(_ key: ArchiveKey?) -> String {
        guard let key else { return "-" }
        return value(particleType: key.particleType, bytes: key.value)
    }

    /// `name=value, …` for every bin.
    public static func bins(_ bins: [ArchiveBin]) -> String {
        bins.map { "\($0.name)=\(value(particleType: $0.particleType, bytes: $0.value))" }.joined(separator: ", ")
    }
}
