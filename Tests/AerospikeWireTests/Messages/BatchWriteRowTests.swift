import ArchiveStoreTestSupport
import Testing

@testable import AerospikeWire

/// ``BatchWriteRow``: rows encoded once and copied into requests must be exactly what the general
/// path (``BatchRow/Attributes`` → ``BatchRequest``) encodes, minus RESPOND_ALL_OPS.
@Suite struct BatchWriteRowTests {
    /// The general path's attributes for `write` (the reference model: what `BatchWrite` rows were
    /// built from before rows were encoded up front, without RESPOND_ALL_OPS).
    static func referenceAttributes(_ write: BatchWrite) -> BatchRow.Attributes {
        let (info2, info3, gen) = write.policy.bits
        var fields: [Field] = [.string(.namespace, write.key.namespace)]
        if let set = write.key.set { fields.append(.string(.setName, set)) }
        switch write.action {
        case .put(let bins):
            if write.policy.sendKey, let key = write.key.userKey { fields.append(Field(type: .key, data: key.fieldData)) }
            if let f = write.policy.filter { fields.append(f.field) }
            return BatchRow.Attributes(
                info1: 0, info2: info2, info3: info3, generation: UInt16(truncatingIfNeeded: gen),
                ttl: write.policy.ttl.wireValue, fields: fields, operations: bins.map { Operation.write($0.name, $0.value) })
        case .delete:
            if let f = write.policy.filter { fields.append(f.field) }
            let keep = info2 & (Info2.generation | Info2.generationGT | Info2.durableDelete)
            return BatchRow.Attributes(
                info1: 0, info2: keep | Info2.write | Info2.delete, info3: 0, generation: UInt16(truncatingIfNeeded: gen),
                ttl: 0, fields: fields)
        }
    }

    /// A seeded random write: namespace, set, key, policy and bins vary; some rows repeat the previous one.
    static func randomWrite(_ rng: inout SeededGenerator, previous: BatchWrite?) -> BatchWrite {
        if let previous, rng.next() % 4 == 0 {
            var again = previous
            again.key.digest = (0..<20).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            return again
        }
        let digest = (0..<20).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let set: String? = rng.next() % 3 == 0 ? nil : ["s", "users", "ünï"][Int(rng.next() % 3)]
        let userKey: UserKey? = [nil, .integer(Int64(bitPattern: rng.next())), .string("k\(rng.next() % 100)"), .blob([1, 2, 3])][Int(rng.next() % 4)]
        let exists: [RecordExistsAction] = [.update, .updateOnly, .replace, .replaceOnly, .createOnly]
        let generation: [GenerationPolicy] = [.none, .equal(UInt32(rng.next() % 70000)), .greater(UInt32(rng.next() % 9))]
        let ttl: [RecordTTL] = [.serverDefault, .never, .keep, .seconds(UInt32(rng.next() % 100_000))]
        let filter: FilterExpression? = rng.next() % 5 == 0 ? .eq(.bin("a", .int), .int(1)) : nil
        let policy = WritePolicy(
            recordExists: exists[Int(rng.next() % 5)], generation: generation[Int(rng.next() % 3)], ttl: ttl[Int(rng.next() % 4)],
            sendKey: rng.next() % 2 == 0, durableDelete: rng.next() % 7 == 0, filter: filter)
        let key = Key(namespace: ["test", "ns2"][Int(rng.next() % 2)], set: set, digest: digest, userKey: userKey)
        if rng.next() % 6 == 0 { return BatchWrite(key: key, action: .delete, policy: policy) }
        let values: [Value] = [
            .integer(Int64(bitPattern: rng.next())), .string("v\(rng.next())"), .blob((0..<Int(rng.next() % 40)).map { UInt8($0) }),
            .double(1.5), .bool(true), .map(msgpack: [0x81, 0xA2, 0x03, 0x6B, 0x07]), .raw(type: .list, [0x90]),
        ]
        let bins = (0..<Int(rng.next() % 5)).map { i in Bin("b\(i)", values[Int(rng.next() % UInt64(values.count))]) }
        return BatchWrite(key: key, action: .put(bins), policy: policy)
    }

    @Test func requestBodyEqualsTheGeneralEncoderOnRandomRows() throws {
        var rng = SeededGenerator(seed: 10)
        for _ in 0..<60 {
            var writes: [BatchWrite] = []
            for _ in 0..<Int(rng.next() % 12) + 1 { writes.append(Self.randomWrite(&rng, previous: writes.last)) }
            let rows = try writes.map { try BatchWriteRow($0) }
            // A node's share of a batch: some of the indices, in order.
            let indices = writes.indices.filter { _ in rng.next() % 5 != 0 }
            let fast = BatchWriteRow.requestBody(rows, indices: indices, timeoutMillis: 1234)
            let general = BatchRequest(
                entries: indices.map { (UInt32($0), writes[$0].key.digest, Self.referenceAttributes(writes[$0])) }
            ).message(timeoutMillis: 1234)
            var expected: [UInt8] = []
            general.encode(into: &expected)
            #expect(fast == expected)
            for (row, write) in zip(rows, writes) {
                #expect(try row.attributes() == Self.referenceAttributes(write))
                #expect(row.partitionID == write.key.partitionID)
                #expect(row.digest == write.key.digest)
            }
        }
    }

    @Test func theRawInitializerMatchesTheBatchWriteInitializer() throws {
        let digest = [UInt8](repeating: 9, count: 20)
        let policy = WritePolicy(recordExists: .replace, generation: .greater(3), ttl: .seconds(60), sendKey: true)
        let write = BatchWrite(
            key: Key(namespace: "test", set: "s", digest: digest, userKey: .string("k")),
            action: .put([Bin("a", .integer(7)), Bin("name", .string("x"))]), policy: policy)
        let raw = try BatchWriteRow(
            namespace: "test", set: "s", digest: digest, userKey: (3, Array("k".utf8)), policy: policy, binCount: 2
        ) { w in
            try [UInt8]("a".utf8).withUnsafeBytes { n in try [UInt8]([0, 0, 0, 0, 0, 0, 0, 7]).withUnsafeBytes { try w.append(name: n, particleType: 1, value: $0) } }
            try [UInt8]("name".utf8).withUnsafeBytes { n in try [UInt8]("x".utf8).withUnsafeBytes { try w.append(name: n, particleType: 3, value: $0) } }
        }
        #expect(raw.bytes == (try BatchWriteRow(write)).bytes)
        #expect((try raw.attributes().info2 ?? 0) & Info2.respondAllOps == 0)
    }

    @Test func badInputIsAThrownInvalidArgument() {
        let digest = [UInt8](repeating: 9, count: 20)
        func row(_ write: BatchWrite) throws { _ = try BatchWriteRow(write) }
        let cases: [BatchWrite] = [
            BatchWrite(key: Key(namespace: "test", set: nil, digest: [1, 2]), action: .delete),
            BatchWrite(key: Key(namespace: "", set: nil, digest: digest), action: .delete),
            BatchWrite(key: Key(namespace: "test", set: String(repeating: "s", count: 64), digest: digest), action: .delete),
            BatchWrite(key: Key(namespace: "test", set: nil, digest: digest), action: .put([Bin(String(repeating: "b", count: 16), .integer(1))])),
        ]
        for write in cases {
            #expect(throws: WireError.self) { try row(write) }
        }
        #expect(!BatchWriteRow.isSendableKey(particleType: 1, value: [1, 2]))
        #expect(!BatchWriteRow.isSendableKey(particleType: 3, value: [0xFF]))
        #expect(!BatchWriteRow.isSendableKey(particleType: 19, value: []))
        #expect(throws: WireError.self) {
            try BatchWriteRow(namespace: "test", set: nil, digest: digest, userKey: (19, []), policy: WritePolicy(), binCount: 0) { _ in }
        }
        #expect(throws: WireError.self) {
            try BatchWriteRow(namespace: "test", set: nil, digest: digest, userKey: nil, policy: WritePolicy(), binCount: 1) { _ in }
        }
    }
}
