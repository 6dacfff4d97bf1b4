/// The bytes of one backup file, pulled piece by piece from a source (a file, a zstd stream, or one
/// array), with the number of the line being read. Memory grows only with bytes actually present:
/// a length field is never used to size an allocation up front.
final class AsbByteStream {
    private var buffer: [UInt8]
    private var position = 0
    private var exhausted: Bool
    private let refill: () throws -> [UInt8]?
    /// 1-based number of the line the next byte belongs to.
    private(set) var line = 1

    /// A stream over `bytes` alone.
    init(bytes: [UInt8]) {
        buffer = bytes
        exhausted = true
        refill = { nil }
    }

    /// A stream that calls `refill` for the next piece; nil means the end of the file.
    init(refill: @escaping () throws -> [UInt8]?) {
        buffer = []
        exhausted = false
        self.refill = refill
    }

    /// The next byte without consuming it; nil at the end.
    func peek() throws -> UInt8? {
        while position == buffer.count {
            guard !exhausted, let piece = try refill() else {
                exhausted = true
                return nil
            }
            buffer = piece
            position = 0
        }
        return buffer[position]
    }

    /// Consumes and returns the next byte; nil at the end.
    func next() throws -> UInt8? {
        guard let byte = try peek() else { return nil }
        position += 1
        if byte == AsbSyntax.newline { line += 1 }
        return byte
    }

    /// The next `count` bytes, or nil if the file ends first.
    func read(_ count: Int) throws -> [UInt8]? {
        var out: [UInt8] = []
        while out.count < count {
            guard try peek() != nil else { return nil }
            let end = min(buffer.count, position + count - out.count)
            let piece = buffer[position..<end]
            for byte in piece where byte == AsbSyntax.newline { line += 1 }
            out.append(contentsOf: piece)
            position = end
        }
        return out
    }
}

/// Bytes with a meaning in the format (SPEC.md §18).
enum AsbSyntax {
    static let newline = UInt8(ascii: "\n")
    static let space = UInt8(ascii: " ")
    static let backslash = UInt8(ascii: "\\")
    static let compact = UInt8(ascii: "!")

    /// Writes `text` with `\` before every backslash, space and newline (names, sets, namespaces).
    static func escape(_ text: String, into out: inout [UInt8]) {
        for byte in text.utf8 {
            if byte == backslash || byte == space || byte == newline { out.append(backslash) }
            out.append(byte)
        }
    }

    /// Shows a byte in a message: printable ASCII quoted, anything else in hex.
    static func describe(_ byte: UInt8?) -> String {
        guard let byte else { return "the end of the file" }
        if byte == newline { return "a line break" }
        if byte >= 0x21 && byte < 0x7f { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16)
    }
}
