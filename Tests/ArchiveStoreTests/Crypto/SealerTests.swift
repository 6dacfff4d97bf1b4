import ArchiveStoreTestSupport
import Testing
@testable import ArchiveStore

@Suite struct SealerTests {
    let sealer = Sealer(keys: TestKeys.keySet())
    let ad: [UInt8] = Array(repeating: 0xAB, count: 32)

    private func expectCode(
        _ code: ArchiveStoreError.Code, _ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            try body()
            Issue.record("expected \(code), nothing thrown", sourceLocation: sourceLocation)
        } catch let error as ArchiveStoreError {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: [0, 1, 100, 64 * 1024 - 1, 64 * 1024, 64 * 1024 + 1, 1 << 20])
    func roundTripRandom(size: Int) throws {
        var rng = SeededGenerator(seed: UInt64(size))
        let plaintext = rng.bytes(size)
        let sealed = try sealer.seal(plaintext, purpose: .data, associatedData: ad)
        #expect(sealed[0] == Sealer.formatVersion)
        #expect(sealed[1] == CompressionMethod.none.rawValue)  // random data does not compress
        #expect(sealed.count == Sealer.sealedLength(payloadLength: size))
        #expect(try sealer.open(sealed, purpose: .data, associatedData: ad) == plaintext)
    }

    @Test(arguments: [1, 64 * 1024 - 1, 64 * 1024, 64 * 1024 + 1, 1 << 20])
    func roundTripCompressible(size: Int) throws {
        let plaintext = (0..<size).map { UInt8(truncatingIfNeeded: $0 / 100) }
        let sealed = try sealer.seal(plaintext, purpose: .metadata, associatedData: [])
        if size > 1000 {
            #expect(sealed[1] == CompressionMethod.zstd.rawValue)
            #expect(sealed.count < size / 4)
        }
        #expect(try sealer.open(sealed, purpose: .metadata, associatedData: []) == plaintext)
    }

    @Test func libsodiumConstantsMatchFormat() {
        #expect(Sealer.overhead == 51)
        #expect(SecretStreamPush.headerByteCount == 24)
        #expect(SecretStreamPush.messageOverhead == 17)
    }

    @Test func everyFlippedByteIsRejected() throws {
        let sealed = try sealer.seal(Array("hello, sealed world".utf8), purpose: .data, associatedData: ad)
        for index in sealed.indices {
            for mask: UInt8 in [0x01, 0x80] {
                var bad = sealed
                bad[index] ^= mask
                expectCode(index == 0 ? .unsupportedFormatVersion : .corrupted) {
                    _ = try sealer.open(bad, purpose: .data, associatedData: ad)
                }
            }
        }
    }

    @Test func everyTruncationAndExtensionIsRejected() throws {
        let plaintext = (0..<300).map { UInt8($0 % 7) }
        let sealed = try sealer.seal(plaintext, purpose: .data, associatedData: ad)
        for length in 0..<sealed.count {
            expectCode(.corrupted) { _ = try sealer.open(Array(sealed[..<length]), purpose: .data, associatedData: ad) }
        }
        expectCode(.corrupted) { _ = try sealer.open(sealed + [0], purpose: .data, associatedData: ad) }
    }

    @Test func multiMessageTruncationReorderAndSplice() throws {
        var rng = SeededGenerator(seed: 42)
        let plaintext = rng.bytes(3 * Sealer.messageSize + 10)  // 4 messages
        let sealed = try sealer.seal(plaintext, purpose: .data, associatedData: ad)
        let header = Sealer.headerByteCount
        let full = Sealer.messageSize + SecretStreamPush.messageOverhead
        // Cut exactly at each message boundary (a clean-looking truncation), and one byte either side.
        for boundary in 1...3 {
            for delta in [-1, 0, 1] {
                let cut = header + boundary * full + delta
                expectCode(.corrupted) { _ = try sealer.open(Array(sealed[..<cut]), purpose: .data, associatedData: ad) }
            }
        }
        // Swap messages 1 and 2.
        var swapped = Array(sealed[..<(header + full)])
        swapped += sealed[(header + 2 * full)..<(header + 3 * full)]
        swapped += sealed[(header + full)..<(header + 2 * full)]
        swapped += sealed[(header + 3 * full)...]
        expectCode(.corrupted) { _ = try sealer.open(swapped, purpose: .data, associatedData: ad) }
        // Drop message 2 entirely.
        let dropped = Array(sealed[..<(header + full)]) + sealed[(header + 2 * full)...]
        expectCode(.corrupted) { _ = try sealer.open(dropped, purpose: .data, associatedData: ad) }
        // Splice a message from another blob with the same key and AD.
        let other = try sealer.seal(rng.bytes(plaintext.count), purpose: .data, associatedData: ad)
        let spliced = Array(sealed[..<(header + full)]) + other[(header + full)...]
        expectCode(.corrupted) { _ = try sealer.open(spliced, purpose: .data, associatedData: ad) }
    }

    @Test func wrongKeyPurposeOrAssociatedDataIsRejected() throws {
        let plaintext = Array("chunk bytes".utf8)
        let sealed = try sealer.seal(plaintext, purpose: .data, associatedData: ad)
        let otherSealer = Sealer(keys: TestKeys.keySet(99))
        expectCode(.corrupted) { _ = try otherSealer.open(sealed, purpose: .data, associatedData: ad) }
        expectCode(.corrupted) { _ = try sealer.open(sealed, purpose: .metadata, associatedData: ad) }
        var otherAD = ad
        otherAD[31] ^= 1
        expectCode(.corrupted) { _ = try sealer.open(sealed, purpose: .data, associatedData: otherAD) }
        expectCode(.corrupted) { _ = try sealer.open(sealed, purpose: .data, associatedData: []) }
    }

    @Test func sealingIsRandomized() throws {
        let plaintext = Array("same".utf8)
        let a = try sealer.seal(plaintext, purpose: .data, associatedData: ad)
        let b = try sealer.seal(plaintext, purpose: .data, associatedData: ad)
        #expect(a != b)
    }

    /// A payload that inflates past the authenticated plaintext length is refused, even though it
    /// decrypts correctly (the writer here deliberately lies about the length).
    @Test func decompressionIsBoundedByRecordedLength() throws {
        let keys = TestKeys.keySet()
        let bomb = try Zstd.compress([UInt8](repeating: 0, count: 1 << 20), level: 3)
        for claimed in [UInt64(1000), UInt64((1 << 20) + 1)] {
            var blob: [UInt8] = [Sealer.formatVersion, CompressionMethod.zstd.rawValue]
            blob.appendLittleEndian(claimed)
            let stream = SecretStreamPush(key: keys.dataKey!)
            let messageAD = blob + ad
            blob += stream.header
            bomb.withUnsafeBytes { stream.push($0, associatedData: messageAD, isFinal: true, into: &blob) }
            expectCode(.corrupted) { _ = try sealer.open(blob, purpose: .data, associatedData: ad) }
        }
    }

    @Test func concurrentUseIsSafe() async throws {
        let sealer = self.sealer
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<8 {
                group.addTask {
                    var rng = SeededGenerator(seed: UInt64(i))
                    let text = rng.bytes(10_000) + [UInt8](repeating: UInt8(i), count: 10_000)
                    let id = [UInt8(i)]
                    let sealed = try sealer.seal(text, purpose: .data, associatedData: id)
                    return try sealer.open(sealed, purpose: .data, associatedData: id) == text
                }
            }
            for try await ok in group { #expect(ok) }
        }
    }

    /// Sealing into a reused buffer: the blob is the buffer's prefix, the buffer only grows, and the
    /// blob opens like one from ``Sealer/seal(_:purpose:associatedData:)``.
    @Test func sealIntoReusedBuffer() throws {
        var rng = SeededGenerator(seed: 77)
        var buffer: [UInt8] = []
        var largest = 0
        for size in [200_000, 10, 0, 70_000, 300_000] {
            let plaintext = size % 3 == 0 ? [UInt8](repeating: 7, count: size) : rng.bytes(size)
            let length = try sealer.seal(plaintext, purpose: .metadata, associatedData: ad, into: &buffer)
            largest = max(largest, length)
            #expect(buffer.count == largest)
            let blob = Array(buffer[..<length])
            #expect(blob.count == (try sealer.seal(plaintext, purpose: .metadata, associatedData: ad)).count)
            #expect(try sealer.open(blob, purpose: .metadata, associatedData: ad) == plaintext)
            expectCode(.corrupted) { _ = try sealer.open(blob, purpose: .data, associatedData: ad) }
        }
    }
}
