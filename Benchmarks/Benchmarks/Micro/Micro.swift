import AerospikeWire
import ArchiveStore
import Benchmark
import BenchKit
import Foundation

/// Micro-benchmarks for the hot paths: record codec, chunker, sealer, wire decoder.
/// Throughput metric = bytes processed per iteration; allocations are counted by the interposer.
let benchmarks: @Sendable () -> Void = {
    // Time budget (issue 10: `make bench` well under 15 minutes): each benchmark stops after 0.5 s or
    // 200 iterations, whichever comes first; `make bench QUICK=1` sets AEROVAULT_BENCH_QUICK for
    // 0.15 s or 50. Each benchmark also pays a child-process start and the fixtures (~1000 records).
    let quick = ProcessInfo.processInfo.environment["AEROVAULT_BENCH_QUICK"] != nil
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 1, maxDuration: quick ? .milliseconds(150) : .milliseconds(500), maxIterations: quick ? 50 : 200)

    let fixtures = try! MicroFixtures(count: 1000)
    let streamKB = fixtures.stream.count / 1024

    Benchmark("RecordCodec.encode 1000 records (\(streamKB) KiB)") { benchmark in
        for _ in benchmark.scaledIterations {
            var out: [UInt8] = []
            out.reserveCapacity(fixtures.stream.count)
            for r in fixtures.records { RecordCodec.encode(r, into: &out) }
            blackHole(out)
        }
    }

    Benchmark("RecordCodec.decodeAll 1000 records (\(streamKB) KiB)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try RecordCodec.decodeAll(fixtures.stream)) }
    }

    Benchmark("RecordChunker.append 1000 records (\(streamKB) KiB)") { benchmark in
        for _ in benchmark.scaledIterations {
            var chunker = RecordChunker(parameters: .default, keys: fixtures.keys)
            for e in fixtures.encodedRecords { blackHole(chunker.append(encodedRecord: e.bytes, digest: e.digest)) }
            blackHole(chunker.finish())
        }
    }

    let sealer3 = Sealer(keys: fixtures.keys, compressionLevel: 3)
    let sealer1 = Sealer(keys: fixtures.keys, compressionLevel: 1)
    let chunkKB = fixtures.chunk.count / 1024
    Benchmark("Sealer.seal zstd-3, \(chunkKB) KiB chunk") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try sealer3.seal(fixtures.chunk, purpose: .data, associatedData: fixtures.chunkAD))
        }
    }
    Benchmark("Sealer.seal zstd-1, \(chunkKB) KiB chunk") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try sealer1.seal(fixtures.chunk, purpose: .data, associatedData: fixtures.chunkAD))
        }
    }
    Benchmark("Sealer.open, \(chunkKB) KiB chunk") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try sealer3.open(fixtures.sealedChunk, purpose: .data, associatedData: fixtures.chunkAD))
        }
    }
    let hasher = ChunkHasher(keys: fixtures.keys)
    Benchmark("ChunkHasher.id, \(chunkKB) KiB chunk") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(hasher.id(of: fixtures.chunk)) }
    }
    let bodyKB = fixtures.scanResponseBody.count / 1024
    Benchmark("AsMessage.decodeAll scan response, 1000 records (\(bodyKB) KiB)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try AsMessage.decodeAll(fixtures.scanResponseBody)) }
    }
    // The backup's per-record path before issue 10: AsMessage → ScannedRecord → ArchiveRecord → RecordCodec.
    Benchmark("Scan general path: AsMessage → ScannedRecord → ArchiveRecord → RecordCodec, 1000 records (\(bodyKB) KiB)") {
        benchmark in
        for _ in benchmark.scaledIterations { blackHole(try encodeScanGeneralPath(fixtures.scanResponseBody)) }
    }
    // The backup's per-record path since issue 10: views over the frame, RecordCodec bytes written straight
    // from the slices (one array per record), as AeroVault's ScanRecordEncoder does (minus its name checks).
    Benchmark("Scan fast path: AsMessageView + RecordCodec.appendRecord, 1000 records (\(bodyKB) KiB)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try encodeScanFastPath(fixtures.scanResponseBody)) }
    }
}

/// Decodes every record of a scan reply through the general API and encodes it, as the backup did before
/// issue 10 (RecordMapper's mapping: bins as name + particle type + particle bytes).
func encodeScanGeneralPath(_ body: [UInt8]) throws -> [[UInt8]] {
    var out: [[UInt8]] = []
    var offset = 0
    while offset < body.count {
        let view = try AsMessageView.parse(body, at: &offset)
        let scanned = try ScanRecordBatch(body: body, records: [view], namespace: "test").scannedRecord(view)
        var names = Set<String>()
        let bins = scanned.bins.map { bin in
            names.insert(bin.name)
            let particle = bin.value.particle
            return ArchiveBin(name: bin.name, particleType: particle.type.rawValue, value: particle.bytes)
        }
        let record = ArchiveRecord(
            digest: scanned.digest, set: scanned.set,
            key: scanned.userKey.map { ArchiveKey(particleType: $0.particleType.rawValue, value: $0.valueBytes) },
            generation: scanned.generation, voidTime: scanned.voidTime, bins: bins)
        _ = HexCoding.encode(scanned.digest)  // RecordMapper formatted the digest for its error messages up front
        var bytes: [UInt8] = []
        RecordCodec.encode(record, into: &bytes)
        out.append(bytes)
    }
    return out
}

/// Parses every record of a scan reply in place and encodes it into its own `RecordCodec` array.
func encodeScanFastPath(_ body: [UInt8]) throws -> [[UInt8]] {
    var out: [[UInt8]] = []
    var offset = 0
    while offset < body.count {
        let view = try AsMessageView.parse(body, at: &offset)
        guard let digest = view.digestRange, digest.count == 20 else { continue }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(view.range.count + 8)
        body.withUnsafeBytes { raw in
            func slice(_ r: Range<Int>) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: raw[r]) }
            RecordCodec.appendRecord(
                into: &bytes, digest: slice(digest), set: view.setRange.map(slice), key: nil,
                generation: view.generation, voidTime: view.recordTTL, lastUpdateTime: 0, binCount: view.operationCount
            ) { writer in
                view.forEachOperation(in: body) { op in
                    writer.append(name: slice(op.nameRange), particleType: op.particleType.rawValue, value: slice(op.valueRange))
                }
            }
        }
        out.append(bytes)
    }
    return out
}
