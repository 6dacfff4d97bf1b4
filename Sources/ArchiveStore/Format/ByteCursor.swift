/// Repository-format helpers on top of the shared ``ByteReader`` / `appendLittleEndian` codec
/// (Record/ByteReader.swift): ids, entry-count sanity checks and trailing-byte checks.
extension ByteReader {
    /// Reads a 32-byte id.
    mutating func readID(_ what: String = "id") throws -> ID32 {
        guard let id = ID32(bytes: try readBytes(ID32.byteCount, what)) else { throw corrupted("bad \(what)") }
        return id
    }

    /// Checks that `count` items of `size` bytes each can still be read, before allocating for them.
    func requireRoom(count: UInt64, size: Int, _ what: String) throws {
        guard count <= UInt64(remaining / max(size, 1)) else {
            throw corrupted("claims \(count) \(what) but only \(remaining) bytes remain")
        }
    }

    /// Throws unless every byte was consumed (trailing garbage is corruption too).
    func requireEnd() throws {
        guard isAtEnd else { throw corrupted("\(remaining) unexpected trailing bytes") }
    }
}

extension Array where Element == UInt8 {
    mutating func appendID(_ id: ID32) { append(contentsOf: id.bytes) }
}
