@testable import AeroVault
import AeroVaultTestSupport
import AerospikeWire
import ArchiveStore
import Foundation
import Testing

/// Many workers, one snapshot (SPEC.md §14 "backup", "Workers"): the split, parts, assembly equal to
/// a one-process backup, incrementals per range, one assembler among concurrent ones, `--finish`
/// after a stale claim, and prune keeping an unfinished run — against the in-memory fake cluster.
@Suite struct BackupWorkersTests {
    /// Four partitions in each quarter of 0-4095, so each of 4 workers has 4.
    static let selection = try! PartitionSelection(list: "0-3,1024-1027,2048-2051,3072-3075")

    /// Six records in each partition of ``selection``.
    static func fixture() async throws -> FakeBackupFixture {
        try await FakeBackupFixture(partitions: selection, perPartition: 6)
    }

    static func assembledID(_ result: WorkerResult) -> SnapshotID? {
        if case .assembled(let id, _)? = result.assembly { return id }
        return nil
    }

    @Test func sharesOfAnySelectionCoverItExactlyOnce() throws {
        for count in [1, 2, 3, 4, 7, 4096] {
            var covered: [Int] = []
            for index in 1...count {
                var config = BackupConfiguration(namespace: "test")
                config.partitions = Self.selection
                config.worker = try BackupWorker(runID: "r", share: WorkerShare(index: index, count: count))
                covered += config.scannedPartitions
            }
            #expect(covered == Self.selection.ids, "N = \(count)")
        }
        #expect(throws: AeroVaultError.self) { try BackupWorker(runID: "a b", share: WorkerShare(index: 1, count: 2)) }
        #expect(throws: AeroVaultError.self) { try BackupWorker(runID: "", share: WorkerShare(index: 1, count: 2)) }
    }

    /// Four workers' parts assemble into the snapshot one process takes of the same data: the same
    /// partition table, counts, metadata blobs and scope; the parts and the claim are gone afterwards.
    @Test func assembledSnapshotEqualsTheOneProcessSnapshot() async throws {
        let f = try await Self.fixture()
        let single = try await f.single()
        var assembled: SnapshotID?
        for index in 1...4 {
            let result = try await f.worker(index, run: "r1", full: true)
            #expect(result.summary?.records == 24, "worker \(index)")
            #expect(result.summary?.snapshotID == "")
            if index < 4 {
                #expect(result.assembly == .waiting(missing: Array(index + 1...4), workers: 4))
            } else {
                assembled = Self.assembledID(result)
            }
        }
        let (one, oneTable) = try await f.snapshot(try #require(ID32(hex: single.snapshotID)))
        let (many, manyTable) = try await f.snapshot(try #require(assembled))
        #expect(manyTable == oneTable)
        #expect(many.partitionTable == one.partitionTable)
        #expect(many.metadata == one.metadata)
        #expect(many.recordCount == 96 && many.recordCount == one.recordCount)
        #expect(many.tombstoneCount == one.tombstoneCount && many.byteCount == one.byteCount)
        #expect(many.scope == one.scope && many.scanWindow == one.scanWindow && many.parent == nil)
        #expect(many.run == "r1" && one.run == nil)
        #expect(try await f.repository.listRunParts().isEmpty)
        #expect(try await f.repository.backend.list(.assemblyClaim).isEmpty)
        // A worker of the assembled run rerun later scans nothing.
        let late = try await f.worker(2, run: "r1")
        let id = try #require(assembled)
        #expect(late.summary == nil && late.assembly == .alreadyAssembled(id))
    }

    /// The next run is incremental per range against the assembled snapshot, and holds what the
    /// cluster holds.
    @Test func incrementalWorkersBuildOnTheAssembledSnapshot() async throws {
        let f = try await Self.fixture()
        var first: SnapshotID?
        for index in 1...4 { first = Self.assembledID(try await f.worker(index, run: "monday")) ?? first }
        f.clock.advance(seconds: 60)
        f.source.put(FakeBackupSource.digest(partition: 1, 1), value: [9, 9])
        f.source.delete(FakeBackupSource.digest(partition: 2050, 2))
        f.source.put(FakeBackupSource.digest(partition: 3075, 9), value: [3, 9])
        var second: SnapshotID?
        var written = 0
        for index in 1...4 {
            let result = try await f.worker(index, run: "tuesday")
            #expect(result.summary?.mode == .incremental && result.summary?.parent == first?.hex)
            written += (result.summary?.records ?? 0) + (result.summary?.tombstones ?? 0)
            second = Self.assembledID(result) ?? second
        }
        #expect(written == 3)
        let (snapshot, _) = try await f.snapshot(try #require(second))
        #expect(snapshot.parent == first && snapshot.recordCount == 96)
        let contents = try await SnapshotContents.records(of: try #require(second), in: f.repository)
        #expect(Set(contents.keys) == Set(f.source.records.keys))
        #expect(contents[FakeBackupSource.digest(partition: 1, 1)]?.bins.first?.value == [9, 9])
    }

    /// Saved parts with no assembler yet: four concurrent assemblers make exactly one snapshot.
    @Test func concurrentAssemblersMakeOneSnapshot() async throws {
        let f = try await Self.fixture()
        for index in 1...4 {
            let result = try await f.worker(index, run: "race", assemble: false)
            #expect(result.assembly == nil && result.partID != nil)
        }
        let assembler = RunAssembler(repository: f.repository, runID: "race", namespace: "test")
        let outcomes = try await withThrowingTaskGroup(of: RunAssembly.self) { group in
            for _ in 0..<4 { group.addTask { try await assembler.assemble() } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let assembled = outcomes.filter { if case .assembled = $0 { true } else { false } }
        #expect(assembled.count == 1, "\(outcomes)")
        #expect(try await f.repository.listSnapshots().filter { $0.snapshot.run == "race" }.count == 1)
    }

    /// `--finish`: missing parts are named; a claim left by a dead assembler is superseded.
    @Test func finishNamesMissingPartsAndSupersedesAStaleClaim() async throws {
        let f = try await Self.fixture()
        let assembler = RunAssembler(repository: f.repository, runID: "crashed", namespace: "test")
        await #expect(throws: AeroVaultError.self) { try await assembler.assemble() }  // no parts at all
        for index in [1, 3] { _ = try await f.worker(index, run: "crashed", assemble: false) }
        #expect(try await assembler.assemble() == .waiting(missing: [2, 4], workers: 4))
        // `--finish` with another namespace than the run's is refused.
        let wrong = RunAssembler(repository: f.repository, runID: "crashed", namespace: "bar")
        await #expect(throws: AeroVaultError.self) { try await wrong.assemble() }
        for index in [2, 4] { _ = try await f.worker(index, run: "crashed", assemble: false) }
        // The assembler that took claim 1 died an hour ago on another host.
        let dead = LockInfo(time: Date().addingTimeInterval(-3600), exclusive: true, host: "gone", pid: 1, username: "")
        #expect(try await f.repository.createAssemblyClaim(name: assembler.claimName(attempt: 1), info: dead))
        let live = LockInfo(time: Date(), exclusive: true, host: "elsewhere", pid: 1, username: "")
        let other = RunAssembler(repository: f.repository, runID: "other", namespace: "test")
        #expect(try await f.repository.createAssemblyClaim(name: other.claimName(attempt: 1), info: live))
        guard case .assembled(_, parts: 4) = try await assembler.assemble() else {
            Issue.record("the stale claim was not superseded")
            return
        }
        #expect(try await f.repository.backend.list(.assemblyClaim).count == 1)  // only the other run's
    }

    /// A prune between two workers keeps what the first saved: the run still assembles whole.
    @Test func pruneBetweenWorkersKeepsTheSavedParts() async throws {
        let f = try await Self.fixture()
        for index in 1...2 { _ = try await f.worker(index, run: "split") }
        let plan = try await Pruner(repository: f.repository, expanders: .aerovault).plan(PruneOptions(maxUnusedFraction: 0))
        #expect(plan.liveChunks > 0)
        try await Pruner(repository: f.repository, expanders: .aerovault).execute(plan)
        var id: SnapshotID?
        for index in 3...4 { id = Self.assembledID(try await f.worker(index, run: "split")) ?? id }
        let contents = try await SnapshotContents.records(of: try #require(id), in: f.repository)
        #expect(Set(contents.keys) == Set(f.source.records.keys))
        #expect(try await Checker(repository: f.repository, expanders: .aerovault).run().isClean)
    }
}

extension FakeBackupFixture {
    func single(full: Bool = false) async throws -> BackupSummary {
        try await BackupEngine(
            cluster: source, repository: repository, configuration: configuration { $0.forceFull = full }, clock: clock
        ).run()
    }

    func worker(_ index: Int, of count: Int = 4, run: String, full: Bool = false, assemble: Bool = true)
        async throws -> WorkerResult
    {
        let config = configuration {
            $0.forceFull = full
            $0.worker = try! BackupWorker(runID: run, share: WorkerShare(index: index, count: count))
        }
        return try await BackupEngine(cluster: source, repository: repository, configuration: config, clock: clock)
            .runWorker(assemble: assemble)
    }

    func snapshot(_ id: SnapshotID) async throws -> (Snapshot, PartitionTable) {
        let snapshot = try await repository.loadSnapshot(id)
        return (snapshot, try await repository.loadPartitionTable(snapshot))
    }
}
