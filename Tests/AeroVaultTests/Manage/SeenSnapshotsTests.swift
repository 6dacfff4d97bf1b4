import AeroVault
import ArchiveStore
import Foundation
import Testing

/// Issue 14 case 5: this host's record of the snapshots it saw (SPEC.md §15 "Deleted snapshots").
@Suite struct SeenSnapshotsTests {
    static func id(_ n: UInt8) -> SnapshotID { ID32(bytes: Array(repeating: n, count: 32))! }

    static func make() throws -> (SeenSnapshots, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aerovault-cache-\(UUID().uuidString)")
        return (SeenSnapshots(cacheDirectory: dir, repositoryID: id(0xEE)), dir)
    }

    @Test func recordsSeenAndForgottenSnapshots() throws {
        let (seen, dir) = try Self.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try seen.load().isEmpty)
        try seen.update(seen: [Self.id(1), Self.id(2), Self.id(3)])
        try seen.update(forgotten: [Self.id(1)])
        #expect(try seen.load() == [Self.id(2), Self.id(3)])
        #expect(try seen.vanished(present: [Self.id(2)]) == [Self.id(3)])
        #expect(try seen.vanished(present: [Self.id(2), Self.id(3), Self.id(4)]).isEmpty)
        // The file sits in the repository's own directory, versioned, and no temp file is left behind.
        let files = try FileManager.default.contentsOfDirectory(atPath: seen.directory.path).sorted()
        #expect(files == ["lock", "seen-snapshots"])
        let text = try String(contentsOf: seen.directory.appendingPathComponent("seen-snapshots"), encoding: .utf8)
        #expect(text == "aerovault-seen-snapshots 1\n\(Self.id(2).hex)\n\(Self.id(3).hex)\n")
    }

    @Test func aDamagedRecordIsAnErrorNotAnEmptySet() throws {
        let (seen, dir) = try Self.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: seen.directory, withIntermediateDirectories: true)
        try Data("aerovault-seen-snapshots 2\n".utf8).write(to: seen.directory.appendingPathComponent("seen-snapshots"))
        #expect(throws: AeroVaultError.self) { try seen.load() }
    }

    @Test func cacheDirectoryFollowsTheEnvironment() {
        #expect(SeenSnapshots.defaultCacheDirectory(environment: ["AEROVAULT_CACHE_DIR": "/x/c"]).path == "/x/c")
        #expect(SeenSnapshots.defaultCacheDirectory(environment: ["XDG_CACHE_HOME": "/x"]).path == "/x/aerovault")
        #expect(SeenSnapshots.defaultCacheDirectory(environment: ["HOME": "/h"]).path == "/h/.cache/aerovault")
    }
}
