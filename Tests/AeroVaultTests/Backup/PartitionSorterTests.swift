import Foundation
import Testing
import ArchiveStore

@testable import AeroVault

/// A minimal record for sorter tests: digest plus a payload naming its insertion order.
struct SortProbe: SpillableRecord, Equatable {
    var sortDigest: [UInt8]
    var payload: [UInt8]
    var approximateByteCount: Int { sortDigest.count + payload.count + 32 }
    var sortKey: RecordDigest { sortDigest.withUnsafeBytes { RecordDigest($0) } }

    func spillEncode(into out: inout [UInt8]) {
        out += sortDigest
        appendUInt32LE(UInt32(payload.count), to: &out)
        out += payload
    }

    static func spillDecode(_ bytes: [UInt8], at offset: inout Int) throws -> SortProbe {
        guard bytes.count - offset >= 24 else { throw AeroVaultError(.corrupted, "short probe") }
        let digest = Array(bytes[offset..<offset + 20])
        let length = Int(readUInt32LE(bytes, at: offset + 20))
        guard bytes.count - offset - 24 >= length else { throw AeroVaultError(.corrupted, "short probe payload") }
        let payload = Array(bytes[offset + 24..<offset + 24 + length])
        offset += 24 + length
        return SortProbe(sortDigest: digest, payload: payload)
    }
}

/// Test cipher: XOR with a keystream plus a 4-byte check of the associated data, so tampering and
/// swapped blocks are detected and the file never holds the plaintext verbatim.
struct XorSpillCipher: SpillCipher {
    func seal(_ plaintext: [UInt8], associatedData: [UInt8]) throws -> [UInt8] {
        tag(associatedData, plaintext) + plaintext.enumerated().map { $0.element ^ UInt8(truncatingIfNeeded: $0.offset &* 31 &+ 7) }
    }

    func open(_ sealed: [UInt8], associatedData: [UInt8]) throws -> [UInt8] {
        guard sealed.count >= 4 else { throw AeroVaultError(.corrupted, "short") }
        let plain = sealed[4...].enumerated().map { $0.element ^ UInt8(truncatingIfNeeded: $0.offset &* 31 &+ 7) }
        guard Array(sealed[0..<4]) == tag(associatedData, plain) else { throw AeroVaultError(.corrupted, "bad tag") }
        return plain
    }

    private func tag(_ ad: [UInt8], _ plain: [UInt8]) -> [UInt8] {
        var h: UInt32 = 2_166_136_261
        for b in ad + plain { h = (h ^ UInt32(b)) &* 16_777_619 }
        return [UInt8(truncatingIfNeeded: h), UInt8(truncatingIfNeeded: h >> 8), UInt8(truncatingIfNeeded: h >> 16), UInt8(truncatingIfNeeded: h >> 24)]
    }
}

@Suite struct PartitionSorterTests {
    static func digest(_ rng: inout some RandomNumberGenerator) -> [UInt8] {
        (0..<20).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }

    static func drain(_ sorter: PartitionSorter<SortProbe>) async throws -> [SortProbe] {
        var out: [SortProbe] = []
        try await sorter.drain { out.append($0) }
        return out
    }

    static func tempDir() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sorter-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func descendingInputComesOutAscendingWithoutSpill() async throws {
        var rng = SystemRandomNumberGenerator()
        let digests = (0..<500).map { _ in Self.digest(&rng) }.sorted { DigestOrder.less($1, $0) }
        let sorter = PartitionSorter<SortProbe>(memoryBudget: 1 << 20, spillDirectory: try Self.tempDir(), cipher: XorSpillCipher())
        for d in digests { try sorter.add(SortProbe(sortDigest: d, payload: [1])) }
        let out = try await Self.drain(sorter)
        #expect(sorter.spilledRunCount == 0)
        #expect(out.map(\.sortDigest) == digests.reversed())
    }

    @Test func randomInputSpillsAndMergesInOrder() async throws {
        var rng = SystemRandomNumberGenerator()
        let dir = try Self.tempDir()
        let records = (0..<3000).map { i in SortProbe(sortDigest: Self.digest(&rng), payload: Array("r\(i)".utf8)) }
        let sorter = PartitionSorter<SortProbe>(memoryBudget: 16 * 1024, spillDirectory: dir, cipher: XorSpillCipher())
        for r in records { try sorter.add(r) }
        #expect(sorter.spilledRunCount > 3)
        // No plaintext payload in the spill files.
        for file in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            let bytes = try Data(contentsOf: dir.appendingPathComponent(file))
            #expect(bytes.range(of: Data("r1234".utf8)) == nil)
        }
        let out = try await Self.drain(sorter)
        let expected = records.sorted { DigestOrder.less($0.sortDigest, $1.sortDigest) }
        #expect(out == expected)
        #expect(DigestOrder.isStrictlyAscending(out.map(\.sortDigest)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func duplicateDigestKeepsNewestAcrossRuns() async throws {
        var rng = SystemRandomNumberGenerator()
        let shared = Self.digest(&rng)
        let sorter = PartitionSorter<SortProbe>(memoryBudget: 2048, spillDirectory: try Self.tempDir(), cipher: XorSpillCipher())
        try sorter.add(SortProbe(sortDigest: shared, payload: [1]))
        for _ in 0..<200 { try sorter.add(SortProbe(sortDigest: Self.digest(&rng), payload: [0])) }
        try sorter.add(SortProbe(sortDigest: shared, payload: [2]))
        for _ in 0..<200 { try sorter.add(SortProbe(sortDigest: Self.digest(&rng), payload: [0])) }
        try sorter.add(SortProbe(sortDigest: shared, payload: [3]))
        #expect(sorter.spilledRunCount >= 2)
        let out = try await Self.drain(sorter)
        #expect(out.filter { $0.sortDigest == shared }.map(\.payload) == [[3]])
        #expect(out.count == 401)
        #expect(DigestOrder.isStrictlyAscending(out.map(\.sortDigest)))
    }

    @Test func tamperedSpillFileIsRejected() async throws {
        var rng = SystemRandomNumberGenerator()
        let dir = try Self.tempDir()
        let sorter = PartitionSorter<SortProbe>(memoryBudget: 4096, spillDirectory: dir, cipher: XorSpillCipher())
        for _ in 0..<400 { try sorter.add(SortProbe(sortDigest: Self.digest(&rng), payload: [9, 9, 9])) }
        let file = dir.appendingPathComponent(try #require(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted().first))
        var bytes = [UInt8](try Data(contentsOf: file))
        bytes[bytes.count / 2] ^= 0x40
        try Data(bytes).write(to: file)
        await #expect(throws: AeroVaultError.self) { _ = try await Self.drain(sorter) }
    }

    @Test func realCipherSpillRoundTrip() async throws {
        var rng = SystemRandomNumberGenerator()
        let records = (0..<600).map { i in SortProbe(sortDigest: Self.digest(&rng), payload: Array("payload-\(i)".utf8)) }
        let sorter = PartitionSorter<SortProbe>(memoryBudget: 8 * 1024, spillDirectory: try Self.tempDir(), cipher: EphemeralSpillCipher())
        for r in records { try sorter.add(r) }
        #expect(sorter.spilledRunCount > 1)
        #expect(try await Self.drain(sorter) == records.sorted { DigestOrder.less($0.sortDigest, $1.sortDigest) })
    }

    @Test func emptySorterDrainsNothing() async throws {
        let sorter = PartitionSorter<SortProbe>(memoryBudget: 10, spillDirectory: try Self.tempDir(), cipher: XorSpillCipher())
        #expect(try await Self.drain(sorter).isEmpty)
    }
}
