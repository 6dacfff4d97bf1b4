import ArchiveStoreTestSupport
import Testing

@testable import ArchiveStore

/// Pooled zstd contexts: the bytes are those a fresh context gives (and, for the libzstd the
/// hashes were recorded with, those of before pooling), the zip-bomb bound holds, and concurrent
/// use is safe.
@Suite struct ZstdTests {
    /// A third random, two thirds repetitive text, in 256-byte blocks (`count` a multiple of 256).
    /// The same generator in C (`ZSTD_compress` with a fresh context) gave ``golden``.
    static func fixture(count: Int, seed: UInt64) -> [UInt8] {
        var rng = SeededGenerator(seed: seed)
        var out: [UInt8] = []
        out.reserveCapacity(count)
        for block in 0..<(count / 256) {
            if block % 3 == 0 {
                out += rng.bytes(256)
            } else {
                out += (0..<256).map { UInt8((block * 31 + $0) % 23 + 97) }
            }
        }
        return out
    }

    /// BLAKE2b-256 of the compressed fixtures (size, seed, level) made with fresh contexts by
    /// libzstd 1.5.4 before contexts were pooled; other libzstd versions may compress differently.
    static let golden: [(size: Int, seed: UInt64, level: Int32, hash: String)] = [
        (4096, 1, 1, "85a4f77fb6244abf25944e046dbd36693bd1d5a3ecb18a14e6798255c5f02326"),
        (4096, 1, 3, "37d486c0d63f9bb330bf0042e699f8d8adde0c1477f991963982b0149d17248d"),
        (4096, 1, 19, "bf4cc86cece18b9a287e7eaedf2297a747fdad9ed9239b6445b20adafc43f8d4"),
        (65536, 2, 1, "868407d4a4e2a5fde39dc6df092d002e65960bd8e82ea972299320aaed8351fe"),
        (65536, 2, 3, "9c420e3f7e4a896452b55a53902729c852b4437c664ea533057cc839434820d3"),
        (65536, 2, 19, "08f35c2327b9aea5977259f5575566c1ed19600bf39973acb2c95b32c7e44f6a"),
        (300_032, 3, 1, "b992da5001bfffad03dfc50c4fc72445e5d98f611f489a250252667ba844f912"),
        (300_032, 3, 3, "c795b24e478a1b06dc23b4ec1750c2466776dd4b0e202d50b89d4d86b73d2afa"),
    ]

    private func streamCompress(_ input: [UInt8], level: Int32, piece: Int) throws -> [UInt8] {
        let compressor = try ZstdStreamCompressor(level: level, pledgedLength: input.count)
        var out: [UInt8] = []
        var start = 0
        repeat {
            let end = min(input.count, start + piece)
            try compressor.compress(Array(input[start..<end]), isLast: end == input.count) { out += $0 }
            start = end
        } while start < input.count
        return out
    }

    /// Pooled one-shot and streaming compression give the recorded bytes, again and again, in any
    /// order of levels (each call reuses a context another level or a stream used before).
    @Test func pooledContextsGiveTheBytesOfFreshOnes() throws {
        for round in 0..<2 {
            for entry in Self.golden {
                let input = Self.fixture(count: entry.size, seed: entry.seed)
                let pooled = try Zstd.compress(input, level: entry.level)
                let fresh = try Zstd.compress(input, level: entry.level, context: CompressionContext())
                #expect(pooled == fresh, "round \(round), size \(entry.size), level \(entry.level)")
                if Zstd.versionString == "1.5.4" {
                    #expect(FileHash.id(of: pooled).hex == entry.hash, "size \(entry.size), level \(entry.level)")
                }
                if entry.level == 3 {
                    #expect(try streamCompress(input, level: 3, piece: 10_000) == pooled)
                }
                #expect(try Zstd.decompress(pooled[...], expectedLength: input.count) == input)
            }
        }
    }

    /// A stream abandoned mid-frame returns its context reset: the next users are unaffected.
    @Test func abandonedStreamsLeaveNoState() throws {
        let input = Self.fixture(count: 65536, seed: 2)
        let expected = try Zstd.compress(input, level: 3, context: CompressionContext())
        do {
            let compressor = try ZstdStreamCompressor(level: 19, pledgedLength: input.count)
            try compressor.compress(Array(input[0..<1000]), isLast: false) { _ in }
            let decompressor = try ZstdStreamDecompressor(limit: input.count)
            try decompressor.decompress(Array(expected[0..<100])) { _ in }
        }
        #expect(try Zstd.compress(input, level: 3) == expected)
        #expect(try streamCompress(input, level: 3, piece: 4096) == expected)
        #expect(try Zstd.decompress(expected[...], expectedLength: input.count) == input)
        let decompressor = try ZstdStreamDecompressor(limit: input.count)
        var out: [UInt8] = []
        try decompressor.decompress(expected) { out += $0 }
        #expect(out == input)
        #expect(decompressor.isAtFrameEnd)
    }

    /// The output bound still holds with pooled contexts, and a failed call does not spoil its context.
    @Test func decompressionStaysBounded() throws {
        let bomb = try Zstd.compress([UInt8](repeating: 0, count: 1 << 20), level: 3)
        for _ in 0..<3 {
            let error = #expect(throws: ArchiveStoreError.self) { _ = try Zstd.decompress(bomb[...], expectedLength: 1000) }
            #expect(error?.code == .corrupted)
            let streamError = #expect(throws: ArchiveStoreError.self) {
                try ZstdStreamDecompressor(limit: 1000).decompress(bomb) { _ in }
            }
            #expect(streamError?.code == .corrupted)
            #expect(try Zstd.decompress(bomb[...], expectedLength: 1 << 20).count == 1 << 20)
        }
        #expect(throws: ArchiveStoreError.self) { _ = try Zstd.decompress(bomb[...], expectedLength: -1) }
        #expect(throws: ArchiveStoreError.self) { _ = try Zstd.decompress([1, 2, 3][...], expectedLength: 3) }
    }

    /// Many tasks at once each get a context of their own; the pool keeps at most its capacity.
    @Test func concurrentUseIsSafe() async throws {
        let inputs = (0..<4).map { Self.fixture(count: 16384, seed: UInt64($0)) }
        let expected = try inputs.map { try Zstd.compress($0, level: 3, context: CompressionContext()) }
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for i in 0..<20 {
                        let n = (task + i) % inputs.count
                        let packed = try Zstd.compress(inputs[n], level: 3)
                        guard packed == expected[n] else { return false }
                        guard try Zstd.decompress(packed[...], expectedLength: inputs[n].count) == inputs[n] else { return false }
                    }
                    return true
                }
            }
            for try await ok in group { #expect(ok) }
        }
        let pool = ContextPool(capacity: 2) { try CompressionContext() }
        let taken = try (0..<5).map { _ in try pool.take() }
        for context in taken { pool.recycle(context) }
        #expect(pool.idleCount == 2)
    }
}
