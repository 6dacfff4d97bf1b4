import ArchiveStoreTestSupport
import Foundation
import Testing
@testable import ArchiveStore

/// A prune interrupted after any number of file operations leaves a valid repository, and a rerun
/// finishes the job (SPEC.md §11).
@Suite struct PruneCrashTests {
    typealias F = SnapshotFixture

    @Test func crashAtEveryStepLeavesAValidRepository() async throws {
        var completed = false
        var budget = 0
        while !completed {
            #expect(budget < 200, "prune never completed")
            guard budget < 200 else { return }
            let backend = MemoryBackend()
            let repo = try await TestRepository.make(backend: backend, packSize: 3 << 10)
            let s1 = try await F.full(repo, base: 0, partitions: 2)
            let s2 = try await F.full(repo, base: 2, partitions: 3)
            let s3 = try await F.incremental(repo, parent: s2, base: 40_000)
            try await repo.removeSnapshot(s1.id)
            let expected2 = try await F.contents(repo, s2.id)
            let expected3 = try await F.contents(repo, s3.id)

            let crashing = CrashingBackend(wrapping: backend, budget: budget)
            let victim = try await Repository.open(backend: crashing, password: TestRepository.password)
            let pruner = Pruner(repository: victim)
            do {
                try await pruner.execute(try await pruner.plan(PruneOptions(maxUnusedFraction: 0)))
                completed = true
            } catch let error as ArchiveStoreError where error.code == .io {
                completed = false
            }

            let survivor = try await TestRepository.reopen(repo)
            let report = try await Checker(repository: survivor).run(CheckOptions(readData: .all))
            #expect(report.isClean, "budget \(budget): \(report.problems)")
            #expect(try await F.contents(survivor, s2.id) == expected2, "budget \(budget)")
            #expect(try await F.contents(survivor, s3.id) == expected3, "budget \(budget)")

            let rerun = Pruner(repository: survivor)
            try await rerun.execute(try await rerun.plan(PruneOptions(maxUnusedFraction: 0)))
            let final = try await Checker(repository: try await TestRepository.reopen(repo)).run(CheckOptions(readData: .all))
            #expect(final.isClean && final.hints.isEmpty, "budget \(budget): \(final.problems) \(final.hints)")
            #expect(try await Pruner(repository: survivor).plan(PruneOptions(maxUnusedFraction: 0)).isEmpty)
            budget += 1
        }
        #expect(budget > 5)
    }
}
