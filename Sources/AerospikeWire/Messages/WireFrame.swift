/// The proto type byte of the 8-byte proto header (SPEC.md §12.1).
public enum ProtoType: UInt8, Sendable {
    case info = 1
    case admin = 2
    case message = 3
    case compressed = 4
}

/// One proto: the 8-byte header's type plus the body that follows it.
///
/// Decoding inflates compressed (type 4) protos, so a decoded frame is never ``ProtoType/compressed``.
/// Layout: `version(1)=2 | type(1) | size(6, BE) | body(size)`.
public struct WireFrame: Equatable, Sendable {
    /// The only proto version spoken.
    public static let protoVersion: UInt8 = 2
    /// Largest body accepted (the server's `PROTO_SIZE_MAX`).
    public static let maxBodySize = 128 * 1024 * 1024
    /// Size of the proto header.
    public static let headerSize = 8

    /// Proto type.
    public var type: ProtoType
    /// Body bytes after the 8-byte header.
    public var body: [UInt8]

    /// Creates a frame.
    public init(type: ProtoType, body: [UInt8]) {
        self.type = type
        self.body = body
    }

    /// The header followed by the body, ready for the socket.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(Self.headerSize + body.count)
        appendEncoded(to: &out)
        return out
    }

    /// Appends header and body to `out`.
    public func appendEncoded(to out: inout [UInt8]) {
        let header = UInt64(Self.protoVersion) << 56 | UInt64(type.rawValue) << 48 | UInt64(body.count)
        out.appendBE(header)
        out.append(contentsOf: body)
    }

    /// Parses the 8-byte proto header at `offset`.
    /// - Returns: the raw type byte and body size.
    /// - Throws: ``WireError/Code/malformed`` for a version other than 2, an unknown type or a size over 128 MiB.
    public static func parseHeader(_ bytes: [UInt8], at offset: Int = 0) throws -> (type: ProtoType, size: Int) {
        var r = ByteReader(bytes, offset: offset)
        let word = try r.u64("proto header")
        let version = UInt8(word >> 56)
        let typeByte = UInt8(truncatingIfNeeded: word >> 48)
        let size = Int(word & 0xFFFF_FFFF_FFFF)
        guard version == protoVersion else {
            throw WireError.malformed("proto version \(version), expected 2")
        }
        guard let type = ProtoType(rawValue: typeByte) else {
            throw WireError.malformed("unknown proto type \(typeByte)")
        }
        guard size <= maxBodySize else {
            throw WireError.malformed("proto body of \(size) bytes exceeds the 128 MiB limit")
        }
        return (type, size)
    }

    /// Decodes one complete frame from `bytes` starting at `offset`, advancing it.
    ///
    /// - Returns: `nil` if `bytes` does not yet hold the whole frame (offset unchanged).
    /// - Throws: ``WireError/Code/malformed`` on a bad header or a compressed body that does not inflate
    ///   to exactly one type-3 message.
    public static func decode(_ bytes: [UInt8], at offset: inout Int) throws -> WireFrame? {
        guard bytes.count - offset >= headerSize else { return nil }
        let (type, size) = try parseHeader(bytes, at: offset)
        guard bytes.count - offset - headerSize >= size else { return nil }
        let start = offset + headerSize
        let body = Array(bytes[start..<start + size])
        offset = start + size
        return try WireFrame(type: type, body: body).inflated()
    }

    /// Returns this frame with a type-4 body inflated into its type-3 message; other frames unchanged.
    ///
    /// Type-4 body: `original length (u64 BE, includes the inner 8-byte header) | zlib stream`.
    public func inflated() throws -> WireFrame {
        guard type == .compressed else { return self }
        var r = ByteReader(body)
        let originalLength = try r.u64("compressed length")
        guard originalLength >= UInt64(Self.headerSize), originalLength <= UInt64(Self.maxBodySize + Self.headerSize)
        else {
            throw WireError.malformed("compressed proto claims \(originalLength) inflated bytes")
        }
        let inner = try Zlib.decompress(Array(body[8...]), originalSize: Int(originalLength))
        let (innerType, innerSize) = try Self.parseHeader(inner)
        guard innerType == .message, innerSize == inner.count - Self.headerSize else {
            throw WireError.malformed("compressed proto does not hold exactly one type-3 message")
        }
        return WireFrame(type: .message, body: Array(inner[Self.headerSize...]))
    }

    /// Returns a type-4 frame whose payload is this (type-3) frame compressed with zlib.
    public func compressed(level: Int32 = 6) throws -> WireFrame {
        let plain = encoded()
        var body: [UInt8] = []
        body.appendBE(UInt64(plain.count))
        body.append(contentsOf: try Zlib.compress(plain, level: level))
        return WireFrame(type: .compressed, body: body)
    }
}
