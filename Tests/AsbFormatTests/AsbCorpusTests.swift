import ArchiveStore
import Foundation
import Testing

@testable import AsbFormat

/// The corpus fixture (`Fixtures/corpus.asb`, SPEC.md §18): every key type, every bin type, the
/// `!` raw forms, escapes in names and sets, values holding spaces and line breaks, indexes and a UDF.
@Suite struct AsbCorpusTests {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/corpus.asb").path

    static func digest(_ n: Int) -> [UInt8] { (0..<20).map { UInt8((n * 37 + $0 * 11) & 0xFF) } }

    static func entries() throws -> (AsbHeader, [AsbEntry]) {
        let reader = try AsbFileSource.open(path)
        let header = try reader.readHeader()
        var entries: [AsbEntry] = []
        while let entry = try reader.next() { entries.append(entry) }
        return (header, entries)
    }

    static func records(_ entries: [AsbEntry]) -> [ArchiveRecord] {
        entries.compactMap { if case .record(_, let record) = $0 { record } else { nil } }
    }

    @Test func headerIndexesAndUDF() throws {
        let (header, entries) = try Self.entries()
        #expect(header == AsbHeader(version: "3.1", namespace: "test", isFirstFile: true))
        let indexes = entries.compactMap { if case .index(let index) = $0 { index } else { nil } }
        #expect(indexes.map(\.name) == ["age_idx", "name idx", "tags_idx", "loc_idx", "mk_idx"])
        #expect(indexes[0] == AsbSecondaryIndex(
            namespace: "test", set: "demo", name: "age_idx", indexType: "N", paths: [.init(bin: "age", type: "N")],
            context: nil))
        #expect(indexes[1].set == "" && indexes[1].paths == [.init(bin: "name", type: "S")])
        #expect(indexes[2].indexType == "L" && indexes[3].paths[0].type == "G")
        #expect(indexes[4].indexType == "K" && indexes[4].paths[0].type == "B" && indexes[4].context == "kgOhYQ==")
        let udfs = entries.compactMap { if case .udf(let udf) = $0 { udf } else { nil } }
        #expect(udfs == [AsbUDF(name: "sum.lua", content: Array("function sum(r)\n  return r.a + r.b\nend\n".utf8))])
    }

    @Test func everyBinType() throws {
        let (_, entries) = try Self.entries()
        guard case .record(let namespace, let record) = try #require(entries.first(where: {
            if case .record = $0 { true } else { false }
        })) else { return }
        #expect(namespace == "test")
        #expect(record.digest == Self.digest(1) && record.set == "demo" && record.generation == 3 && record.voidTime == 0)
        #expect(record.key == ArchiveKey(particleType: 1, value: AsbParticles.integerBytes(42)))
        let bins = Dictionary(record.bins.map { ($0.name, ($0.particleType, $0.value)) }, uniquingKeysWith: { a, _ in a })
        func bin(_ name: String) -> (UInt8, [UInt8])? { bins[name] }
        #expect(record.bins.count == 19)
        #expect(bin("nil")! == (0, []))
        #expect(bin("flag")! == (17, [1]) && bin("off")! == (17, [0]))
        #expect(bin("int")! == (1, AsbParticles.integerBytes(-7)))
        #expect(bin("dbl")! == (2, AsbParticles.doubleBytes(0.1)))
        #expect(bin("str")! == (3, Array("hello\nworld".utf8)))
        #expect(bin("xstr")! == (3, Array("hi there".utf8)))
        #expect(bin("geo")! == (23, [0, 0, 0] + Array(#"{"type":"Point","coordinates":[1.5,2]}"#.utf8)))
        #expect(bin("blob")! == (4, [0, 1, 2, 255]))
        #expect(bin("raw")! == (4, Array("a b\n".utf8)))
        #expect(bin("java")! == (7, [0xAC, 0xED]))
        #expect(bin("csharp")! == (8, Array("cs".utf8)) && bin("python")! == (9, Array("py".utf8)))
        #expect(bin("ruby")! == (10, Array("rb".utf8)) && bin("php")! == (11, Array("ph".utf8)))
        #expect(bin("erlang")! == (12, Array("er".utf8)))
        #expect(bin("hll")! == (18, [0x0E, 0x00, 0x01, 0x02]))
        #expect(bin("map")! == (19, [0x81, 0xA2, 0x03, 0x61, 0x01]))
        #expect(bin("list")! == (20, [0x92, 0x01, 0xA2, 0x03, 0x78]))
    }

    @Test func everyKeyTypeAndEscape() throws {
        let records = Self.records(try Self.entries().1)
        #expect(records.map(\.digest) == (1...7).map(Self.digest))
        #expect(records[1].key == ArchiveKey(particleType: 2, value: AsbParticles.doubleBytes(-2.5)))
        #expect(records[1].set == #"my set\x"# && records[1].voidTime == 500_000_000)
        #expect(records[1].bins == [ArchiveBin(name: #"a b\c"#, particleType: 1, value: AsbParticles.integerBytes(1))])
        #expect(records[2].key == ArchiveKey(particleType: 3, value: Array("k y\nz".utf8)) && records[2].set == nil)
        #expect(records[2].bins == [ArchiveBin(name: "s", particleType: 3, value: [])])
        #expect(records[3].key == ArchiveKey(particleType: 3, value: Array("xkey".utf8)) && records[3].bins.isEmpty)
        #expect(records[4].key == ArchiveKey(particleType: 4, value: [9, 8, 7]))
        #expect(records[4].bins[0].value == AsbParticles.integerBytes(.max))
        #expect(records[5].key == ArchiveKey(particleType: 4, value: Array("r w".utf8)))
        #expect(records[5].generation == 65535 && records[5].voidTime == UInt32.max)
        #expect(records[5].bins[0].value == AsbParticles.integerBytes(.min))
        #expect(records[6].key == nil && records[6].set == nil && records[6].generation == 0)
        #expect(records[6].bins == [ArchiveBin(name: "d", particleType: 2, value: AsbParticles.doubleBytes(1e300))])
    }

    /// What the writer makes of the corpus reads back as the same entries (the raw `!` and `X` forms
    /// are written as base64 `B` and `S`, which decode to the same values).
    @Test func writerReproducesTheCorpus() throws {
        let (header, entries) = try Self.entries()
        var bytes = AsbEncoder.header(namespace: header.namespace!, isFirstFile: true)
        for entry in entries {
            switch entry {
            case .index(let index): AsbEncoder.append(index, to: &bytes)
            case .udf(let udf): AsbEncoder.append(udf, to: &bytes)
            case .record(let namespace, let record): try AsbEncoder.append(record, namespace: namespace, to: &bytes)
            }
        }
        let reader = AsbReader(bytes: bytes, file: "rewritten")
        #expect(try reader.readHeader() == header)
        var again: [AsbEntry] = []
        while let entry = try reader.next() { again.append(entry) }
        #expect(again == entries)
    }
}

/// A version 3.0 file (`Fixtures/legacy-3.0.asb`): read without unescaping (SPEC.md §18.2).
@Suite struct AsbLegacyTests {
    @Test func backslashesAreLiteral() throws {
        let path = URL(fileURLWithPath: AsbCorpusTests.path).deletingLastPathComponent()
            .appendingPathComponent("legacy-3.0.asb").path
        let reader = try AsbFileSource.open(path)
        #expect(try reader.readHeader() == AsbHeader(version: "3.0", namespace: "test", isFirstFile: false))
        let record = ArchiveRecord(
            digest: Array(0..<20), set: #"a\b"#,
            generation: 1,
            bins: [ArchiveBin(name: "raw", particleType: 4, value: Array("a b".utf8)),
                   ArchiveBin(name: #"x\y"#, particleType: 1, value: AsbParticles.integerBytes(7))])
        #expect(try reader.next() == .record(namespace: "test", record))
        #expect(try reader.next() == nil)
    }
}
