import ArchiveStore

/// Bin lines (`- TYPE NAME VALUE`, SPEC.md §18.4) and the `*` lines for secondary indexes and UDF
/// modules (SPEC.md §18.3).
extension AsbReader {
    /// One bin line: `- L[!] NAME` then, unless L is `N`, a space and the value, then a newline.
    func bin() throws -> ArchiveBin {
        try expect(UInt8(ascii: "-"), in: "a bin line")
        try expect(AsbSyntax.space, in: "a bin line")
        let label = try byte("a bin line")
        let compact = (try stream.peek()) == AsbSyntax.compact
        if compact { _ = try stream.next() }
        try expect(AsbSyntax.space, in: "a bin line")
        let name = try token(until: [AsbSyntax.space, AsbSyntax.newline], "a bin name")
        let what = "bin '\(name)'"
        if label == UInt8(ascii: "N") {
            try expect(AsbSyntax.newline, in: what)
            return ArchiveBin(name: name, particleType: AsbParticles.null, value: [])
        }
        try expect(AsbSyntax.space, in: what)
        let type: UInt8
        let value: [UInt8]
        switch label {
        case UInt8(ascii: "Z"):
            let text = try tokenBytes(until: [AsbSyntax.newline], what)
            guard text == [UInt8(ascii: "T")] || text == [UInt8(ascii: "F")] else {
                throw fail("\(what): a boolean must be T or F, found '\(String(decoding: text, as: UTF8.self))'")
            }
            (type, value) = (AsbParticles.bool, [text == [UInt8(ascii: "T")] ? 1 : 0])
        case UInt8(ascii: "I"): (type, value) = (AsbParticles.integer, AsbParticles.integerBytes(try integer(what)))
        case UInt8(ascii: "D"): (type, value) = (AsbParticles.double, AsbParticles.doubleBytes(try double(what)))
        case UInt8(ascii: "S"): (type, value) = (AsbParticles.string, try rawValue(what))
        case UInt8(ascii: "X"): (type, value) = (AsbParticles.string, try base64Value(what))
        case UInt8(ascii: "G"): (type, value) = (AsbParticles.geoJSON, AsbParticles.geoJSONBytes(try rawValue(what)))
        case UInt8(ascii: "U"): throw fail("\(what) is a large data type (LDT), which no current server stores")
        default:
            guard let bytesType = AsbParticles.bytesLabels[label] else {
                throw fail("\(what) has the unknown type \(AsbSyntax.describe(label))")
            }
            (type, value) = (bytesType, compact ? try rawValue(what) : try base64Value(what))
        }
        try expect(AsbSyntax.newline, in: what)
        return ArchiveBin(name: name, particleType: type, value: value)
    }

    /// After `*`: ` i …` (secondary index) or ` u …` (UDF module).
    func global() throws -> AsbEntry {
        try expect(AsbSyntax.space, in: "a '*' line")
        switch try byte("a '*' line") {
        case UInt8(ascii: "i"): return .index(try index())
        case UInt8(ascii: "u"): return .udf(try udf())
        case let other: throw fail("unknown '*' line type \(AsbSyntax.describe(other)) (expected i or u)")
        }
    }

    /// Most paths one index line may list (asbackup writes exactly one).
    static let maxIndexPaths = 64

    /// ` NS SET NAME TYPE N (PATH PTYPE)×N [CTX]` then a newline; SET may be empty.
    private func index() throws -> AsbSecondaryIndex {
        let what = "a secondary index line"
        let separators = [AsbSyntax.space, AsbSyntax.newline]
        try expect(AsbSyntax.space, in: what)
        let namespace = try token(until: separators, "the index namespace")
        try expect(AsbSyntax.space, in: what)
        let set = try token(until: separators, "the index set")
        try expect(AsbSyntax.space, in: what)
        let name = try token(until: separators, "the index name")
        try expect(AsbSyntax.space, in: what)
        let indexType = Character(Unicode.Scalar(try byte(what)))
        guard AsbSecondaryIndex.indexTypes.contains(indexType) else {
            throw fail("index \(name): unknown index type '\(indexType)' (expected N, L, K or V)")
        }
        try expect(AsbSyntax.space, in: what)
        let count = try integer("the path count of index \(name)", in: 1...Int64(Self.maxIndexPaths), until: AsbSyntax.space)
        var paths: [AsbSecondaryIndex.Path] = []
        for _ in 0..<count {
            try expect(AsbSyntax.space, in: what)
            let bin = try token(until: separators, "the index path")
            try expect(AsbSyntax.space, in: what)
            let type = Character(Unicode.Scalar(try byte(what)))
            guard AsbSecondaryIndex.pathTypes.contains(type) else {
                throw fail("index \(name): unknown path type '\(type)' (expected S, N, G or B)")
            }
            paths.append(AsbSecondaryIndex.Path(bin: bin, type: type))
        }
        var context: String?
        if (try stream.peek()) == AsbSyntax.space {
            _ = try stream.next()
            let text = try token(until: [AsbSyntax.newline], "the index context")
            context = text.isEmpty ? nil : text
        }
        try expect(AsbSyntax.newline, in: what)
        return AsbSecondaryIndex(
            namespace: namespace, set: set, name: name, indexType: indexType, paths: paths, context: context)
    }

    /// ` L NAME LEN SOURCE` then a newline.
    private func udf() throws -> AsbUDF {
        let what = "a UDF line"
        try expect(AsbSyntax.space, in: what)
        let type = try byte(what)
        guard type == UInt8(ascii: "L") else { throw fail("unknown UDF type \(AsbSyntax.describe(type)) (expected L)") }
        try expect(AsbSyntax.space, in: what)
        let name = try token(until: [AsbSyntax.space, AsbSyntax.newline], "the UDF name")
        try expect(AsbSyntax.space, in: what)
        let content = try rawValue("UDF \(name)")
        try expect(AsbSyntax.newline, in: what)
        return AsbUDF(type: "L", name: name, content: content)
    }
}
