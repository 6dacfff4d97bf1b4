import ArchiveStore
import Foundation

/// Writes the lines of an asbackup backup file, version 3.1 (SPEC.md §18), as asbackup itself writes
/// them: byte values in base64 (not the `!` raw form), strings and GeoJSON raw with their length.
public enum AsbEncoder {
    /// A value the format cannot carry (SPEC.md §18.4 lists what it can).
    public struct UnsupportedValue: Error, CustomStringConvertible, Sendable {
        public var message: String
        public var description: String { message }
    }

    /// `Version 3.1`, `# namespace NS` and, for the first file, `# first-file`.
    public static func header(namespace: String, isFirstFile: Bool) -> [UInt8] {
        var out = Array("Version \(AsbHeader.currentVersion)\n# namespace ".utf8)
        AsbSyntax.escape(namespace, into: &out)
        out.append(AsbSyntax.newline)
        if isFirstFile { out += Array("# first-file\n".utf8) }
        return out
    }

    /// `* i NS SET NAME TYPE N PATH PTYPE … [CTX]`.
    public static func append(_ index: AsbSecondaryIndex, to out: inout [UInt8]) {
        out += Array("* i ".utf8)
        for field in [index.namespace, index.set, index.name] {
            AsbSyntax.escape(field, into: &out)
            out.append(AsbSyntax.space)
        }
        out += Array("\(index.indexType) \(index.paths.count)".utf8)
        for path in index.paths {
            out.append(AsbSyntax.space)
            AsbSyntax.escape(path.bin, into: &out)
            out += Array(" \(path.type)".utf8)
        }
        if let context = index.context {
            out.append(AsbSyntax.space)
            AsbSyntax.escape(context, into: &out)
        }
        out.append(AsbSyntax.newline)
    }

    /// `* u L NAME LEN SOURCE`.
    public static func append(_ udf: AsbUDF, to out: inout [UInt8]) {
        out += Array("* u \(udf.type) ".utf8)
        AsbSyntax.escape(udf.name, into: &out)
        out += Array(" \(udf.content.count) ".utf8)
        out += udf.content
        out.append(AsbSyntax.newline)
    }

    /// A record's `+` lines and its bin lines. Throws ``UnsupportedValue`` (and appends nothing) for a
    /// key or bin the format cannot carry, or a generation above 65535.
    public static func append(_ record: ArchiveRecord, namespace: String, to out: inout [UInt8]) throws {
        let name = "record \(HexCoding.encode(record.digest))"
        guard record.generation <= 65535 else {
            throw UnsupportedValue(message: "\(name): generation \(record.generation) is above 65535")
        }
        var lines: [UInt8] = []
        if let key = record.key { try appendKey(key, of: name, to: &lines) }
        lines += Array("+ n ".utf8)
        AsbSyntax.escape(namespace, into: &lines)
        lines += Array("\n+ d \(Data(record.digest).base64EncodedString())\n".utf8)
        if let set = record.set, !set.isEmpty {
            lines += Array("+ s ".utf8)
            AsbSyntax.escape(set, into: &lines)
            lines.append(AsbSyntax.newline)
        }
        lines += Array("+ g \(record.generation)\n+ t \(record.voidTime)\n+ b \(record.bins.count)\n".utf8)
        for bin in record.bins { try appendBin(bin, of: name, to: &lines) }
        out += lines
    }

    private static func appendKey(_ key: ArchiveKey, of name: String, to out: inout [UInt8]) throws {
        switch key.particleType {
        case AsbParticles.integer:
            guard let value = AsbParticles.integer(key.value) else { throw badLength(name, "integer key", key.value) }
            out += Array("+ k I \(value)\n".utf8)
        case AsbParticles.double:
            guard let value = AsbParticles.double(key.value) else { throw badLength(name, "double key", key.value) }
            out += Array("+ k D \(AsbParticles.format(value))\n".utf8)
        case AsbParticles.string:
            appendSized("+ k S", key.value, to: &out)
        case AsbParticles.blob:
            appendSized("+ k B", Array(Data(key.value).base64EncodedString().utf8), to: &out)
        default:
            throw UnsupportedValue(message: "\(name): a key of particle type \(key.particleType) has no .asb form")
        }
    }

    private static func appendBin(_ bin: ArchiveBin, of name: String, to out: inout [UInt8]) throws {
        func prefix(_ label: String) {
            out += Array("- \(label) ".utf8)
            AsbSyntax.escape(bin.name, into: &out)
        }
        let what = "bin '\(bin.name)'"
        switch bin.particleType {
        case AsbParticles.null:
            prefix("N")
            out.append(AsbSyntax.newline)
        case AsbParticles.bool:
            guard bin.value == [0] || bin.value == [1] else { throw badLength(name, what, bin.value) }
            prefix("Z")
            out += Array(" \(bin.value == [1] ? "T" : "F")\n".utf8)
        case AsbParticles.integer:
            guard let value = AsbParticles.integer(bin.value) else { throw badLength(name, what, bin.value) }
            prefix("I")
            out += Array(" \(value)\n".utf8)
        case AsbParticles.double:
            guard let value = AsbParticles.double(bin.value) else { throw badLength(name, what, bin.value) }
            prefix("D")
            out += Array(" \(AsbParticles.format(value))\n".utf8)
        case AsbParticles.string:
            prefix("S")
            appendSized("", bin.value, to: &out)
        case AsbParticles.geoJSON:
            guard let json = AsbParticles.geoJSONText(bin.value) else {
                throw UnsupportedValue(message: "\(name): \(what) is not a GeoJSON particle (its cell list runs past it)")
            }
            prefix("G")
            appendSized("", Array(json), to: &out)
        default:
            guard let label = AsbParticles.bytesTypes[bin.particleType] else {
                throw UnsupportedValue(
                    message: "\(name): \(what) has particle type \(bin.particleType), which has no .asb form")
            }
            prefix(String(Character(Unicode.Scalar(label))))
            appendSized("", Array(Data(bin.value).base64EncodedString().utf8), to: &out)
        }
    }

    /// `PREFIX LEN VALUE\n` (PREFIX empty: ` LEN VALUE\n` after a bin name).
    private static func appendSized(_ prefix: String, _ value: [UInt8], to out: inout [UInt8]) {
        out += Array("\(prefix) \(value.count) ".utf8)
        out += value
        out.append(AsbSyntax.newline)
    }

    private static func badLength(_ name: String, _ what: String, _ value: [UInt8]) -> UnsupportedValue {
        UnsupportedValue(message: "\(name): \(what) has \(value.count) value bytes, which its type does not allow")
    }
}
