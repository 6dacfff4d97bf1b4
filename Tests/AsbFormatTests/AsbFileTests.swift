import ArchiveStore
import ArchiveStoreTestSupport
import Foundation
import Testing

@testable import AsbFormat

/// Files on disk (SPEC.md §18.6): the file set the writer makes (names, `# first-file`, the size
/// limit), zstd streams, and crash-safe writing.
@Suite struct AsbFileTests {
    /// Record `n`: a string key, a set, and bins of several types.
    static func record(_ n: Int) -> ArchiveRecord {
        ArchiveRecord(
            digest: (0..<20).map { UInt8((n * 7 + $0 * 13) & 0xFF) }, set: "s\(n % 3)",
            key: ArchiveKey(particleType: 3, value: Array("key \(n)".utf8)), generation: UInt32(n % 100),
            voidTime: UInt32(n * 1000),
            bins: [
                ArchiveBin(name: "n", particleType: 1, value: AsbParticles.integerBytes(Int64(n))),
                ArchiveBin(name: "text", particleType: 3, value: Array(String(repeating: "line \(n)\n", count: 20).utf8)),
                ArchiveBin(name: "ok", particleType: 17, value: [UInt8(n & 1)]),
                ArchiveBin(name: "ratio", particleType: 2, value: AsbParticles.doubleBytes(Double(n) / 7)),
            ])
    }

    static func readAll(_ paths: [String]) throws -> (headers: [AsbHeader], entries: [AsbEntry]) {
        var headers: [AsbHeader] = []
        var entries: [AsbEntry] = []
        for path in paths {
            let reader = try AsbFileSource.open(path)
            headers.append(try reader.readHeader())
            while let entry = try reader.next() { entries.append(entry) }
        }
        return (headers, entries)
    }

    @Test(arguments: [nil, 3] as [Int32?])
    func fileSetsRoundTrip(zstdLevel: Int32?) throws {
        let directory = try TestRepository.temporaryDirectory("asb")
        defer { try? FileManager.default.removeItem(at: directory) }
        let index = AsbSecondaryIndex(
            namespace: "test", set: "", name: "n_idx", indexType: "N", paths: [.init(bin: "n", type: "N")], context: nil)
        let udf = AsbUDF(name: "f.lua", content: Array("return 1\n".utf8))
        let writer = AsbFileSetWriter(directory: directory, namespace: "test", fileLimit: 20_000, zstdLevel: zstdLevel)
        try writer.begin(indexes: [index], udfs: [udf])
        let records = (0..<200).map(Self.record)
        for record in records { try writer.append(record) }
        try writer.finish()

        #expect(writer.finished.count > 3)
        #expect(writer.finished.map(\.lastPathComponent).prefix(2) == ["test_00000.asb", "test_00001.asb"])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
        let listed = try AsbFileSource.expand([directory.path])
        #expect(listed == writer.finished.map(\.path))
        let raw = try Data(contentsOf: writer.finished[0])
        #expect(raw.starts(with: AsbFileSource.zstdMagic) == (zstdLevel != nil))

        let (headers, entries) = try Self.readAll(listed)
        #expect(headers.map(\.isFirstFile) == [true] + Array(repeating: false, count: headers.count - 1))
        #expect(headers.allSatisfy { $0.namespace == "test" && $0.version == "3.1" })
        #expect(entries == [.index(index), .udf(udf)] + records.map { .record(namespace: "test", $0) })
    }

    @Test func damagedZstdIsAnErrorNamingTheFile() throws {
        let directory = try TestRepository.temporaryDirectory("asb")
        defer { try? FileManager.default.removeItem(at: directory) }
        let writer = AsbFileSetWriter(directory: directory, namespace: "test", fileLimit: 1 << 30, zstdLevel: 3)
        try writer.begin(indexes: [], udfs: [])
        for record in (0..<50).map(Self.record) { try writer.append(record) }
        try writer.finish()
        let bytes = try [UInt8](Data(contentsOf: writer.finished[0]))
        let cut = directory.appendingPathComponent("cut.asb")
        try Data(bytes.prefix(bytes.count / 2)).write(to: cut)
        let error = #expect(throws: AsbError.self) { _ = try Self.readAll([cut.path]) }
        #expect(error?.file == cut.path)
        #expect(error.map { $0.message.contains("cut short") || $0.message.contains("ends inside") } == true, "\(String(describing: error))")
    }

    /// A failed export keeps the files it finished and leaves no partial file: the one being written
    /// only ever had its temporary name, removed when the writer is released (SPEC.md §18.6).
    @Test func aFailedWriteLeavesOnlyFinishedFiles() throws {
        let directory = try TestRepository.temporaryDirectory("asb")
        defer { try? FileManager.default.removeItem(at: directory) }
        var finished: [String] = []
        do {
            let writer = AsbFileSetWriter(directory: directory, namespace: "test", fileLimit: 2_000, zstdLevel: nil)
            try writer.begin(indexes: [], udfs: [])
            for record in (0..<20).map(Self.record) { try writer.append(record) }
            finished = writer.finished.map(\.lastPathComponent)
            let vector = ArchiveRecord(digest: Self.record(0).digest, bins: [ArchiveBin(name: "v", particleType: 16, value: [])])
            #expect(throws: AsbEncoder.UnsupportedValue.self) { try writer.append(vector) }
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).contains { $0.hasPrefix(".test_") })
        }
        #expect(finished.count >= 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == finished)
    }

    @Test func directoriesWithoutFilesAndMissingPathsAreErrors() throws {
        let directory = try TestRepository.temporaryDirectory("asb")
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: AsbError(file: directory.path, line: 0, message: "the directory holds no .asb file")) {
            _ = try AsbFileSource.expand([directory.path])
        }
        #expect(throws: AsbError.self) { _ = try AsbFileSource.expand([directory.path + "/none.asb"]) }
    }

    /// Every particle type the format carries survives writer → reader; the rest are refused by name.
    @Test func writerCoversEveryParticleType() throws {
        let bins = [0, 1, 2, 3, 4, 7, 8, 9, 10, 11, 12, 17, 18, 19, 20, 23].map { type -> ArchiveBin in
            let value: [UInt8] = switch type {
            case 0: []
            case 1, 2: AsbParticles.integerBytes(Int64(type) * 1_000_003)
            case 17: [1]
            case 23: [0, 0, 0] + Array(#"{"type":"Point","coordinates":[0,0]}"#.utf8)
            default: [UInt8(type), 0, 0x20, 0x0A, 0xFF]
            }
            return ArchiveBin(name: "b\(type)", particleType: UInt8(type), value: value)
        }
        let record = ArchiveRecord(digest: Array(repeating: 7, count: 20), bins: bins)
        var bytes = AsbEncoder.header(namespace: "ns", isFirstFile: false)
        try AsbEncoder.append(record, namespace: "ns", to: &bytes)
        let reader = AsbReader(bytes: bytes, file: "mem")
        #expect(try reader.next() == .record(namespace: "ns", record))
        #expect(try reader.next() == nil)

        var unused: [UInt8] = []
        let vector = ArchiveRecord(digest: record.digest, bins: [ArchiveBin(name: "v", particleType: 16, value: [1])])
        #expect(throws: AsbEncoder.UnsupportedValue.self) { try AsbEncoder.append(vector, namespace: "ns", to: &unused) }
        let shortInteger = ArchiveRecord(digest: record.digest, bins: [ArchiveBin(name: "i", particleType: 1, value: [1])])
        #expect(throws: AsbEncoder.UnsupportedValue.self) { try AsbEncoder.append(shortInteger, namespace: "ns", to: &unused) }
        #expect(unused.isEmpty)
    }

    /// A GeoJSON value as a server stores it (with cells) is written as its JSON text alone.
    @Test func geoJSONCellsAreDropped() throws {
        let json = Array(#"{"type":"Point","coordinates":[3,4]}"#.utf8)
        let stored: [UInt8] = [1, 0, 2] + Array(repeating: 0xAB, count: 16) + json
        #expect(AsbParticles.geoJSONText(stored).map(Array.init) == json)
        #expect(AsbParticles.geoJSONText([0, 0, 9]) == nil)
        #expect(AsbParticles.format(0.1) == "0.10000000000000001" && AsbParticles.format(-2.5) == "-2.5")
    }
}
