import ArchiveStoreTestSupport
import Testing
@testable import ArchiveStore

@Suite struct SealingStreamTests {
    let sealer = Sealer(keys: TestKeys.keySet())
    let ad: [UInt8] = Array("blob-name".utf8)

    static func pieces(_ bytes: [UInt8], sizes: [Int]) -> [[UInt8]] {
        var out = [[UInt8]]()
        var start = 0
        var i = 0
        while start < bytes.count {
            let end = min(bytes.count, start + max(1, sizes[i % sizes.count]))
            out.append(Array(bytes[start..<end]))
            start = end
            i += 1
        }
        return out
    }

    /// Semi-compressible: runs of a repeated byte mixed with random bytes.
    static func plaintext(_ size: Int, seed: UInt64) -> [UInt8] {
        var rng = SeededGenerator(seed: seed)
        var out = [UInt8]()
        while out.count < size {
            out += rng.next() % 2 == 0 ? rng.bytes(50) : [UInt8](repeating: UInt8(rng.next() % 4), count: 80)
        }
        return Array(out.prefix(size))
    }

    private func sealStreamed(_ text: [UInt8], pieceSizes: [Int], compress: Bool = true) throws -> [UInt8] {
        let stream = try sealer.makeSealingStream(
            plaintextLength: text.count, purpose: .data, associatedData: ad, compress: compress)
        var sealed = [UInt8]()
        for piece in Self.pieces(text, sizes: pieceSizes) {
            try stream.write(piece) { out in
                #expect(out.count <= Sealer.messageSize + SecretStreamPush.messageOverhead)
                sealed += out
            }
        }
        try stream.finish { sealed += $0 }
        return sealed
    }

    private func openStreamed(_ sealed: [UInt8], pieceSizes: [Int]) throws -> [UInt8] {
        var text = [UInt8]()
        try sealer.open(
            sealedPieces: Self.pieces(sealed, sizes: pieceSizes), purpose: .data, associatedData: ad
        ) { piece in
            #expect(piece.count <= 128 << 10)
            text += piece
        }
        return text
    }

    @Test(arguments: [0, 1, 1000, 64 * 1024 - 1, 64 * 1024, 64 * 1024 + 1, 300_000])
    func streamedAndOneShotInteroperate(size: Int) throws {
        let text = Self.plaintext(size, seed: UInt64(size))
        for compress in [true, false] {
            let streamed = try sealStreamed(text, pieceSizes: [1, 1000, 70_000, 3], compress: compress)
            #expect(try sealer.open(streamed, purpose: .data, associatedData: ad) == text)
            #expect(try openStreamed(streamed, pieceSizes: [17, 65_553, 1, 100_000]) == text)
            if !compress { #expect(streamed.count == Sealer.sealedLength(payloadLength: size)) }
        }
        let oneShot = try sealer.seal(text, purpose: .data, associatedData: ad)
        #expect(try openStreamed(oneShot, pieceSizes: [size + 100]) == text)
        #expect(try openStreamed(oneShot, pieceSizes: [5, 4096]) == text)
    }

    @Test func sealingStreamChecksTheDeclaredLength() throws {
        let tooMuch = try sealer.makeSealingStream(plaintextLength: 3, purpose: .data, associatedData: ad)
        #expect(throws: ArchiveStoreError.self) { try tooMuch.write([1, 2, 3, 4]) { _ in } }
        let tooLittle = try sealer.makeSealingStream(plaintextLength: 3, purpose: .data, associatedData: ad)
        try tooLittle.write([1, 2]) { _ in }
        #expect(throws: ArchiveStoreError.self) { try tooLittle.finish { _ in } }
        #expect(throws: ArchiveStoreError.self) {
            try sealer.makeSealingStream(plaintextLength: Sealer.maxPlaintextLength + 1, purpose: .data, associatedData: ad)
        }
    }

    @Test func openingStreamRejectsTamperAndTruncation() throws {
        let text = Self.plaintext(500, seed: 5)
        let sealed = try sealer.seal(text, purpose: .data, associatedData: ad)
        for length in 0..<sealed.count {
            #expect(throws: ArchiveStoreError.self) { _ = try openStreamed(Array(sealed[..<length]), pieceSizes: [7]) }
        }
        for index in sealed.indices {
            var bad = sealed
            bad[index] ^= 0x10
            #expect(throws: ArchiveStoreError.self) { _ = try openStreamed(bad, pieceSizes: [64]) }
        }
        #expect(throws: ArchiveStoreError.self) { _ = try openStreamed(sealed + [0], pieceSizes: [1000]) }
        #expect(throws: ArchiveStoreError.self) {
            try sealer.open(sealedPieces: [sealed], purpose: .metadata, associatedData: ad) { _ in }
        }
    }

    @Test func openingStreamRejectsCutsAtMessageBoundaries() throws {
        var rng = SeededGenerator(seed: 9)
        let text = rng.bytes(2 * Sealer.messageSize + 5)
        let sealed = try sealStreamed(text, pieceSizes: [10_000])
        let full = Sealer.messageSize + SecretStreamPush.messageOverhead
        for messages in 1...2 {
            let cut = Array(sealed[..<(Sealer.headerByteCount + messages * full)])
            #expect(throws: ArchiveStoreError.self) { _ = try openStreamed(cut, pieceSizes: [full]) }
        }
        let extended = sealed + sealed[Sealer.headerByteCount..<(Sealer.headerByteCount + full)]
        #expect(throws: ArchiveStoreError.self) { _ = try openStreamed(extended, pieceSizes: [full]) }
    }
}
