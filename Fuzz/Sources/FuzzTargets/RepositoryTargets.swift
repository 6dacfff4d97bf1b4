import Foundation
@testable import ArchiveStore

/// Repository files (SPEC.md §4–§9). The key file, the config header and the sealed envelope are
/// read before anything is authenticated; the bodies behind them are fed directly and, in
/// `sealed-file`, through a real seal and open with ``TestKey``.
enum RepositoryTargets {
    static let all: [FuzzTarget] = [
        keyFile, sealedBlob, sealedFile, config, packHeader, indexFile, snapshot, layer, partitionTable,
    ]

    static let keyFile = FuzzTarget("key-file") { bytes in _ = try? KeyFile.inspect(bytes) }

    /// The blob envelope up to and including authentication (a wrong tag must be rejected, nothing more).
    static let sealedBlob = FuzzTarget("sealed-blob", seeds: {
        // Incompressible and compressible payloads: the two compression ids.
        [RecordTargets.sampleChunk, Array(repeating: 7, count: 900)].map {
            try! TestKey.sealer.seal($0, purpose: .data, associatedData: [])
        }
    }) { bytes in
        _ = try? TestKey.sealer.open(bytes, purpose: .data, associatedData: [])
    }

    /// Body → seal → the real file decoder. The first byte picks the file kind.
    static let sealedFile = FuzzTarget("sealed-file", seeds: {
        [[0] + indexBody, [1] + snapshotBody, [2] + packHeaderBody]
    }) { bytes in
        guard let kind = bytes.first else { return }
        let body = Array(bytes.dropFirst())
        switch kind % 3 {
        case 0:
            let sealed = TestKey.sealed(body, label: IndexFile.label)
            _ = try? IndexFile.decode(sealed, name: FileHash.id(of: sealed).hex, sealer: TestKey.sealer)
        case 1:
            let sealed = TestKey.sealed(body, label: Snapshot.label)
            if let opened = try? SealedFile.open(sealed, label: Snapshot.label, what: "snapshot", sealer: TestKey.sealer) {
                _ = try? MetadataJSON.decode(Snapshot.self, from: opened.body, what: "snapshot")
            }
        default:
            let sealed = TestKey.sealed(body, label: PackHeader.label)
            if let opened = try? SealedFile.open(sealed, label: PackHeader.label, what: "pack", sealer: TestKey.sealer) {
                _ = try? PackHeader.decode(opened.body, dataLength: 3000, what: "pack")
            }
        }
    }

    /// The config file's public header, then its JSON body and parameter checks.
    static let config = FuzzTarget("config", seeds: { [configBody] }) { bytes in
        _ = try? RepositoryConfig.checkHeader(bytes, location: "fuzz")
        if let config = try? MetadataJSON.decode(RepositoryConfig.self, from: bytes, what: "config") {
            _ = try? config.validate()
        }
    }

    /// Pack header body; the first 4 bytes (u32 LE) are the pack's data length it must account for.
    static let packHeader = FuzzTarget("pack-header", seeds: { [[0xB8, 0x0B, 0, 0] + packHeaderBody] }) { bytes in
        guard bytes.count >= 4 else { return }
        let dataLength = Int(bytes[0]) | Int(bytes[1]) << 8 | Int(bytes[2]) << 16 | Int(bytes[3]) << 24
        _ = try? PackHeader.decode(Array(bytes.dropFirst(4)), dataLength: dataLength, what: "pack")
    }

    static let indexFile = FuzzTarget("index-file", seeds: { [indexBody] }) { bytes in
        _ = try? IndexFile.decode(body: bytes, what: "index")
    }

    static let snapshot = FuzzTarget("snapshot", seeds: { [snapshotBody] }) { bytes in
        _ = try? MetadataJSON.decode(Snapshot.self, from: bytes, what: "snapshot")
    }

    static let layer = FuzzTarget("layer", seeds: {
        [Layer(chunks: sampleIDs, recordCount: 3, tombstoneCount: 1, byteCount: 900).encode()]
    }) { bytes in
        _ = try? Layer.decode(bytes, id: sampleIDs[0])
    }

    /// Partition table blobs, framed by ``BlobFraming``.
    static let partitionTable = FuzzTarget("partition-table", seeds: {
        var table = PartitionTable()
        table.stacks[7].append(LayerRef(id: sampleIDs[1], recordCount: 3, tombstoneCount: 1))
        return [BlobFraming.join(table.encodeBlobs())]
    }) { bytes in
        _ = try? PartitionTable.decode(blobs: BlobFraming.split(bytes).map { (id: sampleIDs[0], bytes: $0) })
    }

    static var sampleIDs: [ChunkID] { (1...3).map { n in ChunkID(bytes: Array(repeating: UInt8(n), count: 32))! } }

    static var packEntries: [PackEntry] {
        [PackEntry(id: sampleIDs[0], type: .data, offset: 0, length: 1000, plaintextLength: 2400),
         PackEntry(id: sampleIDs[1], type: .tree, offset: 1000, length: 2000, plaintextLength: 2000)]
    }

    static var packHeaderBody: [UInt8] { PackHeader.encode(packEntries) }

    static var indexBody: [UInt8] {
        var body: [UInt8] = [1, 0, 0, 0] + sampleIDs[2].bytes + [UInt8(packEntries.count), 0, 0, 0]
        for entry in packEntries { entry.write(to: &body) }
        return body
    }

    static var snapshotBody: [UInt8] {
        try! MetadataJSON.encode(Snapshot(
            time: Date(timeIntervalSince1970: 1_765_000_000), host: "db1", username: "backup", tags: ["nightly"],
            namespace: "test", sets: ["demo"], scanWindow: ScanWindow(lastUpdateFrom: 5), recordCount: 3,
            metadata: ["sindex": sampleIDs[0]], partitionTable: sampleIDs, programVersion: "0.9"))
    }

    static var configBody: [UInt8] {
        try! MetadataJSON.encode(RepositoryConfig(
            id: ID32(bytes: Array(repeating: 9, count: 32))!, version: .currentWrite, chunker: .default,
            algorithms: .current, packSize: RepositoryConfig.defaultPackSize, compressionLevel: 3))
    }
}
