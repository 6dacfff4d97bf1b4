import AerospikeSim
import AerospikeWire
import ArchiveStore

/// Inputs for the ordo-one micro-benchmarks, built once from the simulator's seed mix so every
/// micro-benchmark sees the same realistic records as the end-to-end runs.
public struct MicroFixtures: @unchecked Sendable {  // safe: immutable after init; KeySet is thread-safe
    /// Records in the fixture.
    public let records: [ArchiveRecord]
    /// The records RecordCodec-encoded, one array per record, ascending digest order.
    public let encodedRecords: [(digest: [UInt8], bytes: [UInt8])]
    /// The encoded records concatenated (one chunk's worth of plaintext or more).
    public let stream: [UInt8]
    /// A ~256 KiB record-aligned plaintext chunk.
    public let chunk: [UInt8]
    /// `chunk` sealed with zstd-3 (for open benchmarks), and its associated data.
    public let sealedChunk: [UInt8]
    public let chunkAD: [UInt8]
    /// One proto body holding a scan response: one AS_MSG per record (namespace, set, digest
    /// fields, one read op per bin), as a node streams them.
    public let scanResponseBody: [UInt8]
    /// Repository keys.
    public let keys: KeySet

    /// Builds fixtures from `count` seed-mix records.
    public init(count: Int = 1000, seed: UInt64 = 42) throws {
        let sim = try SimCluster(SimConfig(nodeCount: 1, namespaces: ["test"]))
        let simRecords = (0..<count).map { sim.seedRecord(index: $0, seed: seed) }
            .sorted { $0.digest < $1.digest }
        records = simRecords.map(SimRecordMapping.archiveRecord)
        encodedRecords = records.map { record in
            var bytes: [UInt8] = []
            RecordCodec.encode(record, into: &bytes)
            return (record.digest, bytes)
        }
        stream = encodedRecords.flatMap(\.bytes)
        var cut: [UInt8] = []
        for e in encodedRecords where cut.count < 256 << 10 { cut += e.bytes }
        chunk = cut
        keys = MasterKey.generate().deriveKeys()
        chunkAD = ChunkHasher(keys: keys).id(of: chunk).bytes
        sealedChunk = try Sealer(keys: keys).seal(chunk, purpose: .data, associatedData: chunkAD)
        var body: [UInt8] = []
        for r in simRecords {
            var fields = [Field.string(.namespace, "test"), Field(type: .digest, data: r.digest.bytes)]
            if let set = r.setName { fields.insert(.string(.setName, set), at: 1) }
            let ops = r.bins.map {
                Operation(type: .read, particleType: ParticleType(rawValue: $0.particleType), name: $0.name, value: $0.data)
            }
            AsMessage(info1: 0, info3: 0, generation: UInt32(r.generation), recordTTL: r.voidTime,
                      fields: fields, operations: ops).encode(into: &body)
        }
        scanResponseBody = body
    }
}
