import Foundation

/// How Aerospike particle types (SPEC.md §12.2) are spelled in a backup file (SPEC.md §18.4), and
/// how their textual values become the raw particle bytes the record model stores (§5.1).
enum AsbParticles {
    static let null: UInt8 = 0
    static let integer: UInt8 = 1
    static let double: UInt8 = 2
    static let string: UInt8 = 3
    static let blob: UInt8 = 4
    static let bool: UInt8 = 17
    static let geoJSON: UInt8 = 23

    /// Labels of the types whose value is a byte string (base64, or raw after `!`).
    static let bytesLabels: [UInt8: UInt8] = [
        UInt8(ascii: "B"): 4, UInt8(ascii: "J"): 7, UInt8(ascii: "C"): 8, UInt8(ascii: "P"): 9,
        UInt8(ascii: "R"): 10, UInt8(ascii: "H"): 11, UInt8(ascii: "E"): 12, UInt8(ascii: "Y"): 18,
        UInt8(ascii: "M"): 19, UInt8(ascii: "L"): 20,
    ]
    /// The reverse of ``bytesLabels``.
    static let bytesTypes: [UInt8: UInt8] = Dictionary(uniqueKeysWithValues: bytesLabels.map { ($1, $0) })

    /// A signed integer as its 8 big-endian particle bytes.
    static func integerBytes(_ value: Int64) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }

    /// A double as its 8 big-endian IEEE-754 particle bytes.
    static func doubleBytes(_ value: Double) -> [UInt8] {
        withUnsafeBytes(of: value.bitPattern.bigEndian) { Array($0) }
    }

    /// The value of 8 big-endian particle bytes, or nil for any other length.
    static func integer(_ bytes: [UInt8]) -> Int64? {
        guard bytes.count == 8 else { return nil }
        return Int64(bitPattern: bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
    }

    /// The double in 8 big-endian particle bytes, or nil for any other length.
    static func double(_ bytes: [UInt8]) -> Double? {
        integer(bytes).map { Double(bitPattern: UInt64(bitPattern: $0)) }
    }

    /// A GeoJSON particle as a client writes it: `00 00 00` (no flags, no cells) and the JSON text.
    static func geoJSONBytes(_ json: [UInt8]) -> [UInt8] {
        [0, 0, 0] + json
    }

    /// The JSON text of a GeoJSON particle: after the flags byte, the big-endian cell count and the
    /// cells (8 bytes each) a server adds. Nil if the header runs past the value.
    static func geoJSONText(_ bytes: [UInt8]) -> ArraySlice<UInt8>? {
        guard bytes.count >= 3 else { return nil }
        let start = 3 + 8 * (Int(bytes[1]) << 8 | Int(bytes[2]))
        guard start <= bytes.count else { return nil }
        return bytes[start...]
    }

    /// Formats a double as asbackup does (`%.17g`: 17 significant digits, so it reads back exactly).
    static func format(_ value: Double) -> String {
        if value.isNaN { return value.sign == .minus ? "-nan" : "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return String(format: "%.17g", value)
    }
}
