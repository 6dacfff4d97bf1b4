import Foundation

/// The byte-level pieces of the grammar (SPEC.md §18.2): single characters, escaped tokens, decimal
/// numbers, and length-prefixed values (raw or base64). Every failure is an ``AsbError`` naming the
/// file and line; every length is checked against a cap and read only as far as bytes are present.
extension AsbReader {
    /// Longest token (name, set, namespace, number, digest, index context) accepted.
    static let maxTokenBytes = 64 * 1024
    /// Largest value accepted (Aerospike records are far smaller).
    static let maxValueBytes = 128 * 1024 * 1024

    func fail(_ message: String) -> AsbError {
        AsbError(file: file, line: stream.line, message: message)
    }

    /// The next byte; the end of the file is an error.
    func byte(_ what: String) throws -> UInt8 {
        guard let byte = try stream.next() else { throw fail("the file ends inside \(what)") }
        return byte
    }

    /// Consumes `expected` or fails naming what was found.
    func expect(_ expected: UInt8, in what: String) throws {
        let found = try stream.next()
        guard found == expected else {
            throw fail("expected \(AsbSyntax.describe(expected)) in \(what), found \(AsbSyntax.describe(found))")
        }
    }

    /// Bytes up to (not including) the first unescaped byte of `delimiters`; a backslash takes the
    /// next byte literally unless the file is version 3.0 (SPEC.md §18.2 "Escaping").
    func tokenBytes(until delimiters: [UInt8], _ what: String) throws -> [UInt8] {
        var out: [UInt8] = []
        while true {
            guard var next = try stream.peek() else { throw fail("the file ends inside \(what)") }
            if delimiters.contains(next) { return out }
            _ = try stream.next()
            if next == AsbSyntax.backslash && escapes { next = try byte(what) }
            guard out.count < Self.maxTokenBytes else { throw fail("\(what) is longer than \(Self.maxTokenBytes) bytes") }
            out.append(next)
        }
    }

    /// A token that must be UTF-8 text.
    func token(until delimiters: [UInt8], _ what: String) throws -> String {
        guard let text = String(validating: try tokenBytes(until: delimiters, what), as: UTF8.self) else {
            throw fail("\(what) is not valid UTF-8")
        }
        return text
    }

    /// A decimal integer (`-?[0-9]+`) ending at `delimiter`, within `range`.
    func integer(_ what: String, in range: ClosedRange<Int64> = .min ... .max, until delimiter: UInt8 = AsbSyntax.newline)
        throws -> Int64
    {
        let text = try tokenBytes(until: [delimiter], what)
        let digits = text.first == UInt8(ascii: "-") ? text.dropFirst() : text[...]
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let value = Int64(String(decoding: text, as: UTF8.self))
        else { throw fail("\(what) '\(String(decoding: text, as: UTF8.self))' is not a 64-bit integer") }
        guard range.contains(value) else { throw fail("\(what) \(value) is outside \(range.lowerBound)…\(range.upperBound)") }
        return value
    }

    /// A decimal floating-point number as `%.17g` writes it (or nan/inf), ending at a newline.
    func double(_ what: String) throws -> Double {
        let text = String(decoding: try tokenBytes(until: [AsbSyntax.newline], what), as: UTF8.self)
        let word = text.lowercased().drop(while: { $0 == "+" || $0 == "-" })
        let plain = text.allSatisfy { "0123456789+-.eE".contains($0) }
        guard plain || ["nan", "inf", "infinity"].contains(String(word)), let value = Double(text) else {
            throw fail("\(what) '\(text)' is not a decimal number")
        }
        return value
    }

    /// `LEN SP` then LEN raw bytes (strings, GeoJSON, UDF sources, `!` values).
    func rawValue(_ what: String) throws -> [UInt8] {
        let count = try length(what)
        return try read(count, what)
    }

    /// `LEN SP` then LEN characters of standard base64 (with padding), decoded.
    func base64Value(_ what: String) throws -> [UInt8] {
        let count = try length(what)
        guard count % 4 == 0 else { throw fail("\(what) has a base64 length of \(count), not a multiple of 4") }
        return try decodeBase64(try read(count, what), what)
    }

    /// `count` bytes of a value; a file ending first is reported at the line where the value starts.
    private func read(_ count: Int, _ what: String) throws -> [UInt8] {
        let line = stream.line
        guard let bytes = try stream.read(count) else {
            throw AsbError(file: file, line: line, message: "the file ends inside \(what) of \(count) bytes")
        }
        return bytes
    }

    func decodeBase64(_ text: [UInt8], _ what: String) throws -> [UInt8] {
        guard let data = Data(base64Encoded: Data(text)) else { throw fail("\(what) is not valid base64") }
        return [UInt8](data)
    }

    /// A decimal length followed by one space, at most ``maxValueBytes``.
    private func length(_ what: String) throws -> Int {
        let value = try integer("the length of \(what)", in: 0...Int64(Self.maxValueBytes), until: AsbSyntax.space)
        try expect(AsbSyntax.space, in: what)
        return Int(value)
    }
}
