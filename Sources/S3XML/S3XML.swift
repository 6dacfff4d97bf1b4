import ArchiveStore

/// A minimal XML reader for S3 responses (SPEC.md §6 "S3 backend"): elements, attributes (skipped),
/// text with the five named entities and numeric references, CDATA, comments and processing
/// instructions. Anything else — a DOCTYPE, a mismatched or unclosed tag, a bad entity, text outside
/// the root — is an `.io` error naming the byte offset, never a crash.
public struct S3XMLElement: Sendable, Equatable {
    public var name: String
    public var text: String
    public var children: [S3XMLElement]

    /// The first child named `name`.
    public func child(_ name: String) -> S3XMLElement? { children.first { $0.name == name } }

    /// Every child named `name`.
    public func children(_ name: String) -> [S3XMLElement] { children.filter { $0.name == name } }

    /// The text of the first child named `name`.
    public func value(_ name: String) -> String? { child(name)?.text }

    /// Parses a whole document and returns its root element.
    public static func parse(_ bytes: [UInt8]) throws -> S3XMLElement {
        var reader = Reader(bytes: bytes)
        try reader.skipMisc()
        let root = try reader.element(depth: 0)
        try reader.skipMisc()
        guard reader.at >= bytes.count else { throw reader.error("content after the root element") }
        return root
    }

    private struct Reader {
        let bytes: [UInt8]
        var at = 0
        static let maxDepth = 64

        func error(_ what: String) -> ArchiveStoreError {
            ArchiveStoreError(.io, "malformed XML from the S3 server: \(what) at byte \(at)")
        }

        func peek(_ literal: String) -> Bool {
            let utf8 = Array(literal.utf8)
            return at + utf8.count <= bytes.count && Array(bytes[at..<at + utf8.count]) == utf8
        }

        mutating func skip(until terminator: String, what: String) throws {
            while at < bytes.count, !peek(terminator) { at += 1 }
            guard at < bytes.count else { throw error("unterminated \(what)") }
            at += terminator.utf8.count
        }

        mutating func skipSpace() {
            while at < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[at]) { at += 1 }
        }

        /// Whitespace, comments and processing instructions around the root.
        mutating func skipMisc() throws {
            if peek("\u{FEFF}") { at += 3 }
            while true {
                skipSpace()
                if peek("<?") { try skip(until: "?>", what: "processing instruction") }
                else if peek("<!--") { try skip(until: "-->", what: "comment") }
                else { return }
            }
        }

        mutating func name() throws -> String {
            let start = at
            while at < bytes.count, !([0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ">"), UInt8(ascii: "/"), UInt8(ascii: "=")]
                .contains(bytes[at]))
            {
                at += 1
            }
            guard at > start else { throw error("missing name") }
            return String(decoding: bytes[start..<at], as: UTF8.self)
        }

        mutating func element(depth: Int) throws -> S3XMLElement {
            guard depth < Self.maxDepth else { throw error("elements nested too deeply") }
            guard at < bytes.count, bytes[at] == UInt8(ascii: "<") else { throw error("expected an element") }
            at += 1
            let name = try self.name()
            var element = S3XMLElement(name: name, text: "", children: [])
            try attributes()
            if peek("/>") {
                at += 2
                return element
            }
            at += 1  // ">"
            while true {
                guard at < bytes.count else { throw error("unclosed element <\(element.name)>") }
                if peek("</") {
                    at += 2
                    let closing = try self.name()
                    skipSpace()
                    guard closing == element.name, at < bytes.count, bytes[at] == UInt8(ascii: ">") else {
                        throw error("</\(closing)> does not close <\(element.name)>")
                    }
                    at += 1
                    return element
                } else if peek("<!--") {
                    try skip(until: "-->", what: "comment")
                } else if peek("<![CDATA[") {
                    at += 9
                    let start = at
                    try skip(until: "]]>", what: "CDATA section")
                    element.text += String(decoding: bytes[start..<at - 3], as: UTF8.self)
                } else if peek("<?") {
                    try skip(until: "?>", what: "processing instruction")
                } else if peek("<!") {
                    throw error("unsupported declaration")
                } else if bytes[at] == UInt8(ascii: "<") {
                    element.children.append(try self.element(depth: depth + 1))
                } else {
                    element.text += try text()
                }
            }
        }

        /// Attributes up to `>` or `/>`; their values are checked for well-formedness and dropped.
        mutating func attributes() throws {
            while true {
                skipSpace()
                guard at < bytes.count else { throw error("unterminated tag") }
                if bytes[at] == UInt8(ascii: ">") || peek("/>") { return }
                _ = try name()
                skipSpace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: "=") else { throw error("attribute without a value") }
                at += 1
                skipSpace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") || bytes[at] == UInt8(ascii: "'") else {
                    throw error("unquoted attribute value")
                }
                let quote = bytes[at]
                at += 1
                while at < bytes.count, bytes[at] != quote {
                    guard bytes[at] != UInt8(ascii: "<") else { throw error("'<' in an attribute value") }
                    at += 1
                }
                guard at < bytes.count else { throw error("unterminated attribute value") }
                at += 1
            }
        }

        /// Character data up to the next `<`, with entity references decoded.
        mutating func text() throws -> String {
            var out: [UInt8] = []
            while at < bytes.count, bytes[at] != UInt8(ascii: "<") {
                if bytes[at] == UInt8(ascii: "&") {
                    guard let semicolon = bytes[at...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
                        throw error("unterminated entity reference")
                    }
                    let entity = String(decoding: bytes[(at + 1)..<semicolon], as: UTF8.self)
                    guard let scalar = Self.entity(entity) else { throw error("unknown entity &\(entity);") }
                    out += Array(String(scalar).utf8)
                    at = semicolon + 1
                } else {
                    out.append(bytes[at])
                    at += 1
                }
            }
            return String(decoding: out, as: UTF8.self)
        }

        static func entity(_ name: String) -> Unicode.Scalar? {
            switch name {
            case "amp": return "&"
            case "lt": return "<"
            case "gt": return ">"
            case "quot": return "\""
            case "apos": return "'"
            default:
                guard name.hasPrefix("#") else { return nil }
                let digits = name.dropFirst()
                let value = digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
                return value.flatMap(Unicode.Scalar.init)
            }
        }
    }
}
