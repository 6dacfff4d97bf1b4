import ArchiveStore
import Testing

@testable import AeroVault

@Suite struct DigestListTests {
    static func randomDigests(_ n: Int) -> [[UInt8]] {
        var rng = SystemRandomNumberGenerator()
        return Set((0..<n).map { _ in (0..<20).map { _ in UInt8.random(in: 0...255, using: &rng) } })
            .sorted { DigestOrder.less($0, $1) }
    }

    @Test func roundTripAndGoldenLayout() throws {
        let list = DigestList(digests: Self.randomDigests(50))
        let bytes = list.encode()
        #expect(bytes.count == 1 + 50 * 20)
        #expect(bytes[0] == 2)
        #expect(try DigestList.decode(bytes) == list)
        #expect(DigestList(digests: []).encode() == [2])
        #expect(try DigestList.decode([2]).digests.isEmpty)
        #expect(try DigestList.decode([1] + bytes.dropFirst()) == list)  // version 1, as earlier builds wrote
    }

    @Test func malformedListsAreRejected() {
        let bytes = DigestList(digests: Self.randomDigests(3)).encode()
        #expect(throws: AeroVaultError.self) { try DigestList.decode([]) }
        #expect(throws: AeroVaultError.self) { try DigestList.decode([3] + bytes.dropFirst()) }
        for cut in 2..<bytes.count where (cut - 1) % 20 != 0 {
            #expect(throws: AeroVaultError.self) { try DigestList.decode(Array(bytes.prefix(cut))) }
        }
        // Swap two digests: order check fails.
        let swapped = [bytes[0]] + Array(bytes[21..<41]) + Array(bytes[1..<21]) + Array(bytes[41...])
        #expect(throws: AeroVaultError.self) { try DigestList.decode(swapped) }
    }

    @Test func tableGroupsRoundTrip() throws {
        var table = DigestListTable()
        for partition in [0, 1, 15, 16, 4095] {
            table.lists[partition] = ChunkID(bytes: [UInt8](repeating: UInt8(partition & 0xFF), count: 32))
        }
        let groups = table.encodeGroups()
        #expect(Set(groups.keys) == [0, 1, 255])
        var decoded: [Int: ChunkID] = [:]
        var groupIDs: [Int: ChunkID] = [:]
        for (group, bytes) in groups {
            decoded.merge(try DigestListTable.decodeGroup(bytes, group: group)) { a, _ in a }
            groupIDs[group] = ChunkID(bytes: [UInt8](repeating: UInt8(group), count: 32))
        }
        #expect(decoded == table.lists)
        let root = DigestListTable.encodeRoot(groups: groupIDs)
        #expect(try DigestListTable.decodeRoot(root) == groupIDs)
        #expect(throws: AeroVaultError.self) { try DigestListTable.decodeGroup(groups[0]!, group: 1) }
        #expect(throws: AeroVaultError.self) { try DigestListTable.decodeRoot(Array(root.dropLast())) }
        var badVersion = root
        badVersion[0] = 9
        #expect(throws: AeroVaultError.self) { try DigestListTable.decodeRoot(badVersion) }
    }
}
