import Testing
@testable import ArchiveStore

@Suite struct HexCodingTests {
    @Test func roundTrip() throws {
        let bytes: [UInt8] = (0..<32).map { UInt8($0 * 7 & 0xFF) }
        let id = try #require(ID32(bytes: bytes))
        #expect(ID32(hex: id.hex) == id)
        #expect(ID32(hex: id.hex.uppercased()) == id)
        #expect(id.short.count == 8)
    }

    @Test func rejectsBadHex() {
        #expect(ID32(hex: "zz") == nil)
        #expect(ID32(hex: String(repeating: "a", count: 63)) == nil)
        #expect(ID32(bytes: [1, 2, 3]) == nil)
    }
}
