import AerospikeWire
import ArchiveStore
import Foundation
import Testing

@testable import AeroVault

/// The backup's frame-to-encoding fast path must produce exactly what the general path
/// (``ScannedRecord`` → ``RecordMapper`` → ``RecordCodec``) produces, and reject the same records.
@Suite struct ScanRecordEncoderTests {
    static func digest(partition: Int, _ n: UInt8) -> [UInt8] {
        [UInt8(partition & 0xFF), UInt8(partition >> 8)] + [UInt8](repeating: n, count: 18)
    }

    static let partition = 0x321

    static func messages() -> [AsMessage] {
        let d = { (n: UInt8) in Field(type: .digest, data: digest(partition: partition, n)) }
        let ns = Field.string(.namespace, "test")
        let bigBlob = (0..<20_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        return [
            AsMessage(generation: 3, recordTTL: 77, fields: [ns, .string(.setName, "users"), d(1), Field(type: .key, data: UserKey.string("k1").fieldData)],
                      operations: [.write("i", .integer(-5)), .write("s", .string("héllo")), .write("b", .blob(bigBlob)),
                                   .write("l", .list(msgpack: [0x92, 1, 2])), .write("d", .double(1.5)), .write("t", .bool(true))]),
            // No set, integer key, no bins (metadata only).
            AsMessage(generation: 1, fields: [ns, d(2), Field(type: .key, data: UserKey.integer(42).fieldData)]),
            // Invalid UTF-8 set and malformed key: both dropped, as ScannedRecord drops them.
            AsMessage(generation: 9, fields: [ns, Field(type: .setName, data: [0xFF, 0xFE]), d(3), Field(type: .key, data: [1, 0, 1])],
                      operations: [Operation(type: .read, particleType: .integer, name: "odd", value: [1, 2, 3])]),
            // Empty set name, blob key, a bin value that does not decode (NULL with bytes).
            AsMessage(fields: [ns, .string(.setName, ""), d(4), Field(type: .key, data: UserKey.blob([9, 9]).fieldData)],
                      operations: [Operation(type: .read, particleType: .null, name: "n", value: [5])]),
        ]
    }

    static func batch(_ messages: [AsMessage]) throws -> ScanRecordBatch {
        var body: [UInt8] = []
        for m in messages { m.encode(into: &body) }
        var offset = 0
        var views: [AsMessageView] = []
        while offset < body.count { views.append(try AsMessageView.parse(body, at: &offset)) }
        return ScanRecordBatch(body: body, records: views, namespace: "test")
    }

    @Test func fastPathMatchesGeneralPath() throws {
        let batch = try Self.batch(Self.messages())
        var encoder = ScanRecordEncoder()
        for view in batch.records {
            let scanned = try batch.scannedRecord(view)
            let expected = RecordCodec.encode(try RecordMapper.archiveRecord(from: scanned, partition: Self.partition))
            let fast = try encoder.encode(view, in: batch, partition: Self.partition)
            #expect(fast.bytes == expected)
            #expect(fast.digest.bytes == scanned.digest)
            #expect(!fast.isTombstone)
        }
    }

    @Test func rejectsWhatRecordMapperRejects() throws {
        let ns = Field.string(.namespace, "test")
        let cases: [(AsMessage, Int)] = [
            (AsMessage(fields: [ns, Field(type: .digest, data: Self.digest(partition: 7, 1))]), Self.partition),
            (AsMessage(fields: [ns, Field(type: .digest, data: Self.digest(partition: Self.partition, 1))],
                       operations: [.write("", .integer(1))]), Self.partition),
            (AsMessage(fields: [ns, Field(type: .digest, data: Self.digest(partition: Self.partition, 1))],
                       operations: [.write(String(repeating: "x", count: 16), .integer(1))]), Self.partition),
            (AsMessage(fields: [ns, Field(type: .digest, data: Self.digest(partition: Self.partition, 1))],
                       operations: [.write("a", .integer(1)), .write("b", .integer(2)), .write("a", .integer(3))]), Self.partition),
        ]
        var encoder = ScanRecordEncoder()
        for (message, partition) in cases {
            let batch = try Self.batch([message])
            let view = try #require(batch.records.first)
            var expected: RecordMapper.Failure?
            do { _ = try RecordMapper.archiveRecord(from: batch.scannedRecord(view), partition: partition) } catch let f as RecordMapper.Failure { expected = f }
            var actual: RecordMapper.Failure?
            do { _ = try encoder.encode(view, in: batch, partition: partition) } catch let f as RecordMapper.Failure { actual = f }
            #expect(expected != nil)
            #expect(actual?.message == expected?.message)
            #expect(actual?.digestHex == expected?.digestHex)
        }
    }

    /// Encoded records survive a spill to disk and come back sorted.
    @Test func encodedRecordsSpillAndSort() async throws {
        var rng = SystemRandomNumberGenerator()
        var encoder = ScanRecordEncoder()
        var messages: [AsMessage] = []
        for i in 0..<300 {
            var d = Self.digest(partition: Self.partition, 0)
            for k in 2..<20 { d[k] = UInt8.random(in: 0...255, using: &rng) }
            messages.append(AsMessage(generation: UInt32(i), fields: [Field(type: .digest, data: d)],
                                      operations: [.write("v", .blob([UInt8](repeating: UInt8(i & 0xFF), count: 100)))]))
        }
        let batch = try Self.batch(messages)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("encsort-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let sorter = PartitionSorter<EncodedRecord>(memoryBudget: 4096, spillDirectory: dir, cipher: EphemeralSpillCipher())
        var expected: [EncodedRecord] = []
        for view in batch.records {
            let record = try encoder.encode(view, in: batch, partition: Self.partition)
            expected.append(record)
            try sorter.add(record)
        }
        #expect(sorter.spilledRunCount > 1)
        var out: [EncodedRecord] = []
        try await sorter.drain { out.append($0) }
        #expect(out == expected.sorted { $0.digest < $1.digest })
    }
}
