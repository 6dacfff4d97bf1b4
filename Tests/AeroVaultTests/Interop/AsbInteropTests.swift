import AerospikeWire
import ArchiveStore
import ArchiveStoreTestSupport
import AsbFormat
import Foundation
import Testing

@testable import AeroVault
import AeroVaultTestSupport

/// `export` then `import` (SPEC.md §14 "export", "import"; format §18) between in-memory repositories:
/// the records, indexes and UDFs come back identical.
@Suite struct AsbInteropTests {
    /// Record `n` with bins of every type the format carries and keys of every type.
    static func record(_ n: Int) -> ArchiveRecord {
        let keys = [
            ManageFixture.key(n), ArchiveKey(particleType: 3, value: Array("key \(n)".utf8)),
            ArchiveKey(particleType: 4, value: [UInt8(n & 0xFF), 0, 1]),
            ArchiveKey(particleType: 2, value: withUnsafeBytes(of: (Double(n) + 0.5).bitPattern.bigEndian, Array.init)),
        ]
        return ArchiveRecord(
            digest: ManageFixture.digest(n), set: n % 4 == 0 ? nil : "set \(n % 4)", key: n % 5 == 0 ? nil : keys[n % 4],
            generation: UInt32(n % 7), voidTime: n % 2 == 0 ? 0 : UInt32(400_000_000 + n),
            bins: [
                ArchiveBin(name: "i", particleType: 1, value: ManageFixture.key(-n).value),
                ArchiveBin(name: "s", particleType: 3, value: Array("v \(n)\n".utf8)),
                ArchiveBin(name: "b", particleType: 4, value: [UInt8](repeating: UInt8(n & 0xFF), count: n % 50)),
                ArchiveBin(name: "z", particleType: 17, value: [UInt8(n & 1)]),
                ArchiveBin(name: "m", particleType: 19, value: [0x81, 0xA2, 0x03, 0x61, UInt8(n & 0x7F)]),
                ArchiveBin(name: "l", particleType: 20, value: [0x91, UInt8(n & 0x7F)]),
                ArchiveBin(name: "h", particleType: 18, value: [0x0E, 0x01]),
                ArchiveBin(name: "g", particleType: 23, value: [0, 0, 0] + Array(#"{"type":"Point","coordinates":[1,2]}"#.utf8)),
            ])
    }

    @Test func snapshotExportImportIsIdentical() async throws {
        let source = try await ManageFixture.repository()
        let records = (0..<300).map(Self.record)
        let saved = try await ManageFixture.save(source, changes: records, namespace: "prod")
        var snapshot = try await source.loadSnapshot(saved.id)
        let metadata = ClusterMetadata(
            namespace: "prod",
            sindexes: [
                ["ns": "prod", "indexname": "i_idx", "bin": "i", "type": "numeric", "indextype": "default"],
                ["ns": "prod", "indexname": "s_idx", "set": "set 1", "bin": "s", "type": "string", "indextype": "list",
                 "context": "kgOhYQ=="],
            ],
            udfs: [ClusterMetadata.UDF(filename: "f.lua", type: "LUA", hash: "", content: Data("return 1\n".utf8))])
        snapshot.metadata = [ClusterMetadata.metadataName: try await source.saveChunk(try metadata.encode(), type: .tree).id]
        let withMetadata = try await source.saveSnapshot(snapshot, partitions: saved.table)

        let directory = try TestRepository.temporaryDirectory("asb-interop")
        defer { try? FileManager.default.removeItem(at: directory) }
        var exportOptions = AsbExporter.Options(directory: directory)
        exportOptions.fileLimit = 16 * 1024
        exportOptions.zstdLevel = 1
        let exported = try await AsbExporter(repository: source).run(withMetadata, options: exportOptions)
        #expect(exported.records == 300 && exported.indexes == 2 && exported.udfs == 1 && exported.files.count > 1)

        let destination = try await ManageFixture.repository()
        var importOptions = AsbImporter.Options(namespace: "prod")
        importOptions.sortMemoryBudget = 8 * 1024  // spills several sorted runs
        importOptions.tags = ["imported"]
        let files = try AsbFileSource.expand([directory.path])
        let imported = try await AsbImporter(repository: destination).run(files: files, options: importOptions)
        #expect(imported.records == 300 && imported.indexes == 2 && imported.udfs == 1)

        let expected = try await ManageFixture.records(source, withMetadata)
        #expect(try await ManageFixture.records(destination, imported.snapshotID) == expected)
        let copy = try await destination.loadSnapshot(imported.snapshotID)
        #expect(copy.namespace == "prod" && copy.recordCount == 300 && copy.tags == ["imported"])
        let restored = try #require(try await ClusterMetadataRestorer.load(from: copy, loader: destination))
        #expect(restored == metadata)
    }

    /// A later copy of a digest wins; a second namespace or a bad bin name stops the import, naming the
    /// file and line; nothing is saved.
    @Test func duplicatesNamespacesAndBinNames() async throws {
        let directory = try TestRepository.temporaryDirectory("asb-interop")
        defer { try? FileManager.default.removeItem(at: directory) }
        func file(_ name: String, _ records: [(String, ArchiveRecord)]) throws -> String {
            var bytes = AsbEncoder.header(namespace: records[0].0, isFirstFile: false)
            for (namespace, record) in records { try AsbEncoder.append(record, namespace: namespace, to: &bytes) }
            let path = directory.appendingPathComponent(name).path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return path
        }
        var newer = Self.record(1)
        newer.generation = 99
        let repository = try await ManageFixture.repository()
        let importer = AsbImporter(repository: repository)
        let twice = try await importer.run(
            files: [try file("a.asb", [("ns", Self.record(1)), ("ns", Self.record(2))]), try file("b.asb", [("ns", newer)])],
            options: .init(namespace: "ns"))
        #expect(try await ManageFixture.records(repository, twice.snapshotID).map(\.generation).sorted() == [2, 99])

        // Record 3 spans lines 3–18 (its string bin holds a line break); record 4 starts at line 19.
        let mixed = try file("c.asb", [("ns", Self.record(3)), ("other", Self.record(4))])
        await #expect(throws: AsbError(file: mixed, line: 19, message:
            "namespace 'other' differs from 'ns' of the files before; import one namespace at a time")) {
            _ = try await importer.run(files: [mixed], options: .init(namespace: "ns"))
        }
        var long = Self.record(5)
        long.bins[0].name = "sixteen-bytes-xx"
        let badName = try file("d.asb", [("ns", long)])
        let error = await #expect(throws: AsbError.self) {
            _ = try await importer.run(files: [badName], options: .init(namespace: "ns"))
        }
        #expect(error?.line == 3 && error?.message.contains("sixteen-bytes-xx") == true)
        #expect(try await repository.listSnapshots().count == 1)
    }

    /// The import's sort key orders by partition first and, within a partition, by digest.
    @Test func partitionOrderedKeys() {
        let digests = (0..<3000).map { ManageFixture.digest($0, salt: 77) }
        let records = digests.map { PartitionOrderedRecord(record: AsbImporter.encoded(ArchiveRecord(digest: $0))) }
        let sorted = records.sorted { $0.sortKey < $1.sortKey }.map(\.record.digest.bytes)
        let expected = digests.sorted {
            let (a, b) = (Digest.partitionID($0), Digest.partitionID($1))
            return a != b ? a < b : $0.lexicographicallyPrecedes($1)
        }
        #expect(sorted == expected)
        #expect(records.allSatisfy { $0.partition == Digest.partitionID($0.record.digest.bytes) })
    }
}
