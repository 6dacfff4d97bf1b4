import ArchiveStore

/// Reads one asbackup backup file (SPEC.md §18): ``readHeader()`` once, then ``next()`` until nil.
///
/// A malformed file never traps: every problem is an ``AsbError`` with the file name and the line
/// number, and reading stops there. Not thread-safe; one reader per file.
public final class AsbReader {
    let file: String
    let stream: AsbByteStream
    /// False for version 3.0 files, which predate escaping.
    private(set) var escapes = true
    private var header: AsbHeader?
    /// The line where the entry ``next()`` returned last (or is reading) starts.
    public private(set) var entryLine = 1

    /// A reader over a whole file held in memory; `file` names it in errors.
    public init(bytes: [UInt8], file: String) {
        self.file = file
        stream = AsbByteStream(bytes: bytes)
    }

    /// A reader that pulls the file piece by piece from `refill` (nil = end of file). An error thrown
    /// by `refill` (I/O, damaged zstd) is reported as an ``AsbError`` at the line reached.
    public init(file: String, refill: @escaping () throws -> [UInt8]?) {
        self.file = file
        stream = AsbByteStream(refill: refill)
    }

    /// The `Version` line and the `#` metadata lines after it (SPEC.md §18.1).
    public func readHeader() throws -> AsbHeader {
        try wrappingFailures {
            var versionLine: [UInt8] = []
            while let byte = try stream.next(), byte != AsbSyntax.newline, versionLine.count < 16 {
                versionLine.append(byte)
            }
            let text = String(decoding: versionLine, as: UTF8.self)
            let version = text.hasPrefix("Version ") ? String(text.dropFirst(8)) : ""
            guard stream.line == 2, version == AsbHeader.currentVersion || version == AsbHeader.legacyVersion else {
                throw AsbError(
                    file: file, line: 1,
                    message: "not an asbackup file (or an encrypted one, which is not read): the first line must be "
                        + "'Version 3.1' or 'Version 3.0', found '\(text)'")
            }
            escapes = version != AsbHeader.legacyVersion
            var result = AsbHeader(version: version, namespace: nil, isFirstFile: false)
            while try stream.peek() == UInt8(ascii: "#") {
                _ = try stream.next()
                try expect(AsbSyntax.space, in: "a metadata line")
                let name = try token(until: [AsbSyntax.space, AsbSyntax.newline], "a metadata line")
                switch name {
                case "first-file":
                    result.isFirstFile = true
                case "namespace":
                    entryLine = stream.line
                    try expect(AsbSyntax.space, in: "the namespace line")
                    result.namespace = try token(until: [AsbSyntax.newline], "the namespace")
                default:
                    throw fail("unknown metadata line '# \(name)'")
                }
                try expect(AsbSyntax.newline, in: "a metadata line")
            }
            header = result
            return result
        }
    }

    /// The next record, index or UDF; nil at the end of the file.
    public func next() throws -> AsbEntry? {
        if header == nil { _ = try readHeader() }
        return try wrappingFailures {
            entryLine = stream.line
            guard let first = try stream.next() else { return nil }
            switch first {
            case UInt8(ascii: "+"): return try record()
            case UInt8(ascii: "*") where escapes: return try global()
            default: throw fail("a line must start with '+' (record) or '*' (index, UDF), found \(AsbSyntax.describe(first))")
            }
        }
    }

    /// Runs `body`, turning any error that is not already an ``AsbError`` into one at the current line.
    private func wrappingFailures<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as AsbError {
            throw error
        } catch {
            throw fail("cannot read the file: \(error)")
        }
    }

    // MARK: records (SPEC.md §18.4)

    /// Reads ` X ` after a `+` and returns X.
    private func recordField() throws -> UInt8 {
        try expect(AsbSyntax.space, in: "a record line")
        let field = try byte("a record line")
        try expect(AsbSyntax.space, in: "the record's \(AsbSyntax.describe(field)) line")
        return field
    }

    private func nextRecordField(_ expected: String) throws -> UInt8 {
        try expect(UInt8(ascii: "+"), in: "a record (the '+ \(expected)' line)")
        return try recordField()
    }

    private func require(_ field: UInt8, _ letter: Character) throws {
        guard field == letter.asciiValue else {
            throw fail("expected the record's '+ \(letter)' line, found + \(AsbSyntax.describe(field))")
        }
    }

    private func record() throws -> AsbEntry {
        var field = try recordField()
        var key: ArchiveKey?
        if field == UInt8(ascii: "k") {
            key = try self.key()
            field = try nextRecordField("n")
        }
        try require(field, "n")
        let namespace = try token(until: [AsbSyntax.newline], "the namespace")
        try expect(AsbSyntax.newline, in: "the '+ n' line")
        try require(try nextRecordField("d"), "d")
        let digest = try decodeBase64(try tokenBytes(until: [AsbSyntax.newline], "the digest"), "the digest")
        guard digest.count == ArchiveRecord.digestByteCount else {
            throw fail("the digest has \(digest.count) bytes, not \(ArchiveRecord.digestByteCount)")
        }
        try expect(AsbSyntax.newline, in: "the '+ d' line")
        field = try nextRecordField("g")
        var set: String?
        if field == UInt8(ascii: "s") {
            let name = try token(until: [AsbSyntax.newline], "the set name")
            set = name.isEmpty ? nil : name
            try expect(AsbSyntax.newline, in: "the '+ s' line")
            field = try nextRecordField("g")
        }
        try require(field, "g")
        let generation = try integer("the generation", in: 0...65535)
        try expect(AsbSyntax.newline, in: "the '+ g' line")
        try require(try nextRecordField("t"), "t")
        let voidTime = try integer("the expiration", in: 0...Int64(UInt32.max))
        try expect(AsbSyntax.newline, in: "the '+ t' line")
        try require(try nextRecordField("b"), "b")
        let count = try integer("the bin count", in: 0...65535)
        try expect(AsbSyntax.newline, in: "the '+ b' line")
        var bins: [ArchiveBin] = []
        for _ in 0..<count { bins.append(try bin()) }
        return .record(
            namespace: namespace,
            ArchiveRecord(
                digest: digest, set: set, key: key, generation: UInt32(generation), voidTime: UInt32(voidTime), bins: bins))
    }

    /// After `+ k `: `I int`, `D double`, `S LEN raw`, `X LEN base64`, `B LEN base64` or `B! LEN raw`.
    private func key() throws -> ArchiveKey {
        let label = try byte("the key")
        let compact = try label == UInt8(ascii: "B") && stream.peek() == AsbSyntax.compact
        if compact { _ = try stream.next() }
        try expect(AsbSyntax.space, in: "the '+ k' line")
        let key: ArchiveKey
        switch label {
        case UInt8(ascii: "I"): key = ArchiveKey(particleType: AsbParticles.integer, value: AsbParticles.integerBytes(try integer("the key")))
        case UInt8(ascii: "D"): key = ArchiveKey(particleType: AsbParticles.double, value: AsbParticles.doubleBytes(try double("the key")))
        case UInt8(ascii: "S"): key = ArchiveKey(particleType: AsbParticles.string, value: try rawValue("the key"))
        case UInt8(ascii: "X"): key = ArchiveKey(particleType: AsbParticles.string, value: try base64Value("the key"))
        case UInt8(ascii: "B"):
            key = ArchiveKey(particleType: AsbParticles.blob, value: compact ? try rawValue("the key") : try base64Value("the key"))
        default: throw fail("unknown key type \(AsbSyntax.describe(label)) (expected I, D, S, X or B)")
        }
        try expect(AsbSyntax.newline, in: "the '+ k' line")
        return key
    }
}
