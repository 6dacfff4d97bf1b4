import AeroVault
import AeroVaultTestSupport
import ArchiveStore
import Foundation
import Testing

/// diff, ls and stats over real record snapshots: a full backup and an incremental on top.
@Suite struct SnapshotEnginesTests {
    typealias F = ManageFixture

    /// Full: records 0..<200 (even in set "a", odd in "b"). Incremental: records 0..<5 changed,
    /// 1, 3, 5 (set b) deleted, 1000..<1004 added to set a.
    private func makeSnapshots() async throws -> (Repository, full: SnapshotID, incremental: SnapshotID) {
        let repo = try await F.repository()
        let setOf = { (n: Int) in n % 2 == 0 ? "a" : "b" }
        let full = try await F.save(repo, changes: (0..<200).map { F.record($0, set: setOf($0)) }, time: F.day(1))
        var changes = [0, 2, 4].map { F.record($0, set: "a", version: 1) }
        changes += [1, 3, 5].map { ArchiveRecord.tombstone(digest: F.digest($0)) }
        changes += (1000..<1004).map { F.record($0, set: "a") }
        let incremental = try await F.save(repo, changes: changes, parent: full, time: F.day(2))
        return (repo, full.id, incremental.id)
    }

    @Test func diffCountsPerSet() async throws {
        let (repo, full, incremental) = try await makeSnapshots()
        let difference = try await SnapshotDiffer(loader: repo).diff(full, incremental)
        #expect(difference.sets["a"] == SetDifference(added: 4, changed: 3, deleted: 0))
        #expect(difference.sets["b"] == SetDifference(added: 0, changed: 0, deleted: 3))
        #expect(difference.partitionsSkipped > 150)  // only touched partitions are read
        let backwards = try await SnapshotDiffer(loader: repo).diff(incremental, full)
        #expect(backwards.sets["a"] == SetDifference(added: 0, changed: 3, deleted: 4))
        #expect(backwards.sets["b"] == SetDifference(added: 3, changed: 0, deleted: 0))
        #expect(try await SnapshotDiffer(loader: repo).diff(full, full).total.isEmpty)
    }

    @Test func lsListsMergedRecords() async throws {
        let (repo, _, incremental) = try await makeSnapshots()
        let all = try await SnapshotRecords(loader: repo).list(incremental)
        #expect(all.count == 200 + 4 - 3)
        #expect(all.map(\.partition) == all.map(\.partition).sorted())
        let setB = try await SnapshotRecords(loader: repo).list(incremental, set: "b")
        #expect(setB.count == 97)
        #expect(setB.allSatisfy { $0.set == "b" })
        let limited = try await SnapshotRecords(loader: repo).list(incremental, limit: 7)
        #expect(limited == Array(all.prefix(7)))
        let changed = try #require(all.first { $0.digest == HexCoding.encode(F.digest(2)) })
        #expect(changed.key == "2")
        #expect(changed.bins.hasPrefix("name=\"user-2-v1\", pad=0x0202"))
        #expect(changed.generation == 2)
        #expect(try await SnapshotRecords(loader: repo).list(incremental, limit: 0).isEmpty)
    }

    @Test func statsRestoreSizeAndRawData() async throws {
        let (repo, full, incremental) = try await makeSnapshots()
        let stats = SnapshotStatistics(repository: repo)
        let fullSize = try await stats.restoreSize([full])
        let expectedBytes = (0..<200).reduce(UInt64(0)) {
            $0 + UInt64(RecordCodec.encode(F.record($1, set: $1 % 2 == 0 ? "a" : "b")).count)
        }
        #expect(fullSize.records == 200)
        #expect(fullSize.bytes == expectedBytes)
        let incSize = try await stats.restoreSize([incremental])
        #expect(incSize.records == 201)
        let merged = try await F.records(repo, incremental)
        #expect(incSize.bytes == merged.reduce(0) { $0 + UInt64(RecordCodec.encode($1).count) })
        #expect(try await stats.restoreSize([full, incremental]).records == 401)

        let rawFull = try await stats.rawData([full])
        let rawBoth = try await stats.rawData([full, incremental])
        #expect(rawFull.chunks > 0 && rawFull.storedBytes > 0 && rawFull.plaintextBytes > 0)
        #expect(rawBoth.chunks > rawFull.chunks)
        #expect(rawBoth.chunks < 2 * rawFull.chunks)  // shared layers count once
        #expect(rawFull.treeChunks > 16)
    }

    @Test func recordPreviews() {
        #expect(RecordPreview.value(particleType: 1, bytes: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE]) == "-2")
        #expect(RecordPreview.value(particleType: 3, bytes: Array("hello".utf8)) == "\"hello\"")
        #expect(RecordPreview.value(particleType: 3, bytes: Array(String(repeating: "x", count: 30).utf8)).hasSuffix("…\""))
        #expect(RecordPreview.value(particleType: 4, bytes: [1, 2]) == "0x0102")
        #expect(RecordPreview.value(particleType: 17, bytes: [1]) == "true")
        #expect(RecordPreview.value(particleType: 19, bytes: [0x80]) == "map(1 B)")
        #expect(RecordPreview.value(particleType: 1, bytes: [1]) == "int(1 B)")  // malformed: no crash
        #expect(RecordPreview.key(nil) == "-")
    }
}
