import AeroVault
import ArchiveStore
import Foundation
import Testing

/// `latest` narrowed by tags and backup host (restic's `--tag`/`--host`; SPEC.md §14 "Snapshot selection").
@Suite struct SnapshotSelectorFilterTests {
    static func entry(_ n: UInt8, day: Double, host: String, tags: [String]) -> (id: SnapshotID, snapshot: Snapshot) {
        let snapshot = Snapshot(time: Date(timeIntervalSince1970: 1_790_000_000 + day * 86_400), host: host, tags: tags, namespace: "test")
        return (ID32(bytes: [UInt8](repeating: n, count: 32))!, snapshot)
    }

    let all = [
        entry(1, day: 1, host: "db1", tags: ["daily"]),
        entry(2, day: 2, host: "db2", tags: ["daily", "pre-upgrade"]),
        entry(3, day: 3, host: "db1", tags: []),
    ]

    func choose(_ filter: SnapshotFilter, at: Date? = nil) throws -> UInt8 {
        try SnapshotSelector.choose(from: all, at: at, namespace: "test", filter: filter).id.bytes[0]
    }

    @Test func tagsAndHostsNarrowLatest() throws {
        #expect(try choose(SnapshotFilter()) == 3)
        #expect(try choose(SnapshotFilter(tags: [["daily"]])) == 2)
        #expect(try choose(SnapshotFilter(tags: [["daily"]], hosts: ["db1"])) == 1)
        #expect(try choose(SnapshotFilter(hosts: ["db1"])) == 3)
        // Alternatives: either tag list.
        #expect(try choose(SnapshotFilter(tags: [["pre-upgrade"], ["nightly"]])) == 2)
        #expect(try choose(SnapshotFilter(tags: [["daily"]]), at: Date(timeIntervalSince1970: 1_790_000_000 + 1.5 * 86_400)) == 1)
    }

    @Test func nothingMatchingSaysWhichFilterEmptiedTheChoice() throws {
        let error = #expect(throws: AeroVaultError.self) {
            try SnapshotSelector.choose(from: all, at: nil, namespace: "test", filter: SnapshotFilter(tags: [["weekly"]], hosts: ["db9"]))
        }
        #expect(error?.code == .notFound)
        #expect(error?.message.contains("no snapshot of namespace 'test' with tags weekly from host db9") == true, "\(error?.message ?? "")")
    }
}
