import ArchiveStoreTestSupport
import Testing

@testable import ArchiveStore

/// ``RecordView`` reads the fields ``RecordCodec`` wrote, in place; ``RecordCodec/decode(_:at:)`` is
/// built on it, so the codec's tamper tests cover its checks too.
@Suite struct RecordViewTests {
    @Test func viewsShowTheEncodedFields() throws {
        var rng = SeededGenerator(seed: 11)
        var stream: [UInt8] = [0xAB]
        let records = (0..<200).map { _ in RecordFixtures.record(&rng, valueSizes: 0...300) }
        for record in records { RecordCodec.encode(record, into: &stream) }
        var offset = 1
        for record in records {
            let start = offset
            let view = try RecordView(stream, at: &offset)
            #expect(view.range == start..<offset)
            #expect(view.digest.bytes == record.digest)
            #expect(view.isTombstone == record.isTombstone)
            #expect(view.decoded() == record)
            guard !record.isTombstone else { continue }
            #expect(view.set == record.set)
            view.withSet { #expect($0.map { Array($0) } == record.set.map { Array($0.utf8) }) }
            #expect(view.key == record.key)
            #expect(view.generation == record.generation)
            #expect(view.voidTime == record.voidTime)
            #expect(view.lastUpdateTime == record.lastUpdateTime)
            #expect(view.binCount == record.bins.count)
            var bins: [ArchiveBin] = []
            view.forEachBin { name, type, value in
                bins.append(ArchiveBin(name: String(decoding: name, as: UTF8.self), particleType: type, value: Array(value)))
            }
            #expect(bins == record.bins)
        }
        #expect(offset == stream.count)
    }

    /// Flipping any byte of a record either still parses (and then decodes to the same record the
    /// view shows) or throws `.corrupted`/`.unsupportedFormatVersion`, never traps; the offset only
    /// moves on success.
    @Test func damagedRecordsThrow() throws {
        let good = RecordCodec.encode(RecordCodecTests.golden)
        for index in good.indices {
            for flip: UInt8 in [0x01, 0x80, 0xFF] {
                var bytes = good
                bytes[index] ^= flip
                var offset = 0
                do {
                    let view = try RecordView(bytes, at: &offset)
                    var again = 0
                    #expect(try RecordCodec.decode(bytes, at: &again) == view.decoded())
                } catch let error as ArchiveStoreError {
                    #expect(error.code == .corrupted || error.code == .unsupportedFormatVersion)
                    #expect(offset == 0)
                }
            }
        }
        var offset = good.count
        #expect(throws: ArchiveStoreError.self) { _ = try RecordView(good, at: &offset) }
    }

    /// Non-ASCII set and bin names must be valid UTF-8, as for the decoder.
    @Test func invalidUTF8NamesAreRejected() throws {
        let record = ArchiveRecord(
            digest: [UInt8](repeating: 3, count: 20), set: "sé", bins: [ArchiveBin(name: "bé", particleType: 3, value: [1])])
        let good = RecordCodec.encode(record)
        var offset = 0
        #expect(try RecordView(good, at: &offset).decoded() == record)
        // "é" is C3 A9; a lone C3 followed by 'x' is invalid.
        for target in [Array("sé".utf8), Array("bé".utf8)] {
            var bytes = good
            let at = try #require(bytes.indices.first { Array(bytes[$0..<min(bytes.count, $0 + 3)]) == target })
            bytes[at + 2] = UInt8(ascii: "x")
            offset = 0
            let error = #expect(throws: ArchiveStoreError.self) { _ = try RecordView(bytes, at: &offset) }
            #expect(error?.code == .corrupted)
            #expect(error?.message.contains("UTF-8") == true)
        }
    }
}
