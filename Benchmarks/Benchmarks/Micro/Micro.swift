import AerospikeWire
import ArchiveStore
import Benchmark
import BenchKit
import Foundation

/// Micro-benchmarks for the hot paths: record codec, chunker, sealer, wire decoder.
/// Throughput metric = bytes processed per iteration; allocations are counted by the interposer.
let benchmarks: @Sendable () -> Void = {
    // `make bench QUICK=1` sets AEROVAULT_BENCH_QUICK so the whole suite stays within seconds.
    let quick = ProcessInfo.processInfo.environment["AEROVAULT_BENCH_QUICK"] != nil
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 2, maxDuration: quick ? .milliseconds(400) : .seconds(2), maxIterations: quick ? 200 : 1_000)

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
}
