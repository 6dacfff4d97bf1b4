import AeroVault
import AeroVaultTestSupport
import ArchiveStore
import ArchiveStoreTestSupport
import Foundation
import Testing

/// forget by policy and prune on a chain of 30 daily incremental snapshots of real records.
@Suite struct SnapshotForgetterTests {
    typealias F = ManageFixture

    /// Day 1: records 0..<60; each later day changes 2 records, deletes 1 and adds 1.
    static func dailyChain(_ repo: Repository) async throws -> [SnapshotID] {
        var parent = try await F.save(repo, changes: (0..<60).map { F.record($0) }, time: F.day(1))
        var ids = [parent.id]
        for day in 2...30 {
            var changes = [F.record(day, version: day), F.record(day + 20, version: day)]
            changes.append(ArchiveRecord.tombstone(digest: F.digest(day + 30)))
            changes.append(F.record(100 + day))
            parent = try await F.save(repo, changes: changes, parent: parent, time: F.day(day))
            ids.append(parent.id)
        }
        return ids
    }

    @Test func policyThenPruneKeepsExactlyTheRightSnapshotsIntact() async throws {
        let backend = MemoryBackend()
        let repo = try await F.repository(backend: backend)
        let ids = try await Self.dailyChain(repo)
        var before: [SnapshotID: [ArchiveRecord]] = [:]
        for id in ids { before[id] = try await F.records(repo, id) }

        let forgetter = SnapshotForgetter(repository: repo)
        let plan = try await forgetter.plan(
            policy: ForgetPolicy(daily: 7, weekly: 4), now: F.day(31), timeZone: TimeZone(identifier: "UTC")!)
        let keptDays = [30, 29, 28, 27, 26, 25, 24, 22, 15]
        #expect(plan.kept.map(\.id) == keptDays.map { ids[$0 - 1] })
        #expect(plan.removed.count == 21)
        try await forgetter.remove(plan.removed)
        #expect(try await repo.listSnapshots().count == 9)

        let packBytes = { try await backend.list(.pack).reduce(0) { $0 + $1.size } }
        let bytesBefore = try await packBytes()
        let pruner = Pruner(repository: repo, expanders: .aerovault)
        try await pruner.execute(try await pruner.plan(PruneOptions(maxUnusedFraction: 0)))
        #expect(try await packBytes() < bytesBefore)

        let reopened = try await TestRepository.reopen(repo)
        for day in keptDays {
            #expect(try await F.records(reopened, ids[day - 1]) == before[ids[day - 1]], "day \(day)")
        }
        let report = try await Checker(repository: reopened, expanders: .aerovault).run(CheckOptions(readData: .all))
        #expect(report.isClean, "\(report.problems)")
    }

    @Test func retagRewritesUnderANewID() async throws {
        let repo = try await F.repository()
        let s = try await F.save(repo, changes: (0..<5).map { F.record($0) }, tags: ["a", "b"])
        let forgetter = SnapshotForgetter(repository: repo)
        let newID = try await forgetter.retag(s.id, add: ["c", "a"], remove: ["b"])
        #expect(newID != s.id)
        #expect(try await repo.loadSnapshot(newID).tags == ["a", "c"])
        await #expect(throws: ArchiveStoreError.self) { _ = try await repo.loadSnapshot(s.id) }
        #expect(try await F.records(repo, newID).count == 5)
        #expect(try await forgetter.retag(newID, add: ["a"], remove: []) == newID)
        let replaced = try await forgetter.retag(newID, add: [], remove: [], set: ["x"])
        #expect(try await repo.loadSnapshot(replaced).tags == ["x"])
    }

    @Test func resolveAcceptsPrefixesAndLatest() async throws {
        let repo = try await F.repository()
        let a = try await F.save(repo, changes: [F.record(1)], time: F.day(1))
        let b = try await F.save(repo, changes: [F.record(2)], time: F.day(2))
        let forgetter = SnapshotForgetter(repository: repo)
        #expect(try await forgetter.resolve(["latest"]).map(\.id) == [b.id])
        #expect(try await forgetter.resolve([String(a.id.hex.prefix(10)), "latest", b.id.hex]).map(\.id) == [a.id, b.id])
        await #expect(throws: ArchiveStoreError.self) { _ = try await forgetter.resolve(["ffffffffffff"]) }
    }
}
