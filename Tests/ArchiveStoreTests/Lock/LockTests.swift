import ArchiveStoreTestSupport
import Foundation
import Testing
@testable import ArchiveStore

@Suite struct LockTests {
    @Test func sharedLocksCoexistExclusiveConflicts() async throws {
        let repo = try await TestRepository.make()
        let a = try await repo.lock(exclusive: false, refreshInterval: 0)
        let b = try await repo.lock(exclusive: false, refreshInterval: 0)
        #expect(try await repo.listLocks().count == 2)
        let error = await #expect(throws: ArchiveStoreError.self) { _ = try await repo.lock(exclusive: true) }
        #expect(error?.code == .locked)
        #expect(error?.message.contains("aerovault unlock") == true)
        #expect(error?.message.contains("PID \(getpid())") == true)
        // The failed attempt left no lock file behind.
        #expect(try await repo.listLocks().count == 2)
        await a.release()
        await b.release()
        #expect(try await repo.listLocks().isEmpty)
        let x = try await repo.lock(exclusive: true, refreshInterval: 0)
        await #expect(throws: ArchiveStoreError.self) { _ = try await repo.lock(exclusive: false) }
        await x.release()
        await x.release()  // idempotent
    }

    @Test func staleLocksAreIgnoredAndRemovable() async throws {
        let repo = try await TestRepository.make()
        // Another host, 31 minutes old: stale by age.
        let old = LockInfo(
            time: Date().addingTimeInterval(-31 * 60), exclusive: true, host: "elsewhere", pid: 1, username: "x")
        // This host, a PID that cannot exist: stale because the process is gone.
        let dead = LockInfo(time: Date(), exclusive: true, host: ProcessInfo.processInfo.hostName,
                            pid: Int32.max - 1, username: "x")
        // Another host, fresh: live.
        let live = LockInfo(time: Date(), exclusive: true, host: "elsewhere", pid: 1, username: "x")
        #expect(old.isStale())
        #expect(dead.isStale())
        #expect(!live.isStale())
        _ = try await repo.saveLockFile(old)
        _ = try await repo.saveLockFile(dead)
        let ours = try await repo.lock(exclusive: true, refreshInterval: 0)
        await ours.release()
        let liveName = try await repo.saveLockFile(live)
        let error = await #expect(throws: ArchiveStoreError.self) { _ = try await repo.lock(exclusive: false) }
        #expect(error?.message.contains("host elsewhere") == true)
        #expect(try await repo.removeLocks(all: false).count == 2)
        #expect(try await repo.listLocks().map(\.name) == [liveName])
        #expect(try await repo.removeLocks(all: true) == [liveName])
    }

    @Test func refreshReplacesTheLockFile() async throws {
        let repo = try await TestRepository.make()
        let lock = try await repo.lock(exclusive: false, refreshInterval: 0)
        let first = await lock.fileName
        try await Task.sleep(nanoseconds: 2_000_000)
        try await lock.refresh()
        let second = await lock.fileName
        #expect(first != second)
        #expect(try await repo.listLocks().map(\.name) == [second])
        #expect(try await repo.loadLockFile(second).time > repo.loadLockFile(second).time.addingTimeInterval(-5))
        await lock.release()
    }

    @Test func backgroundRefreshRuns() async throws {
        let repo = try await TestRepository.make()
        let lock = try await repo.lock(exclusive: false, refreshInterval: 0.05)
        let first = await lock.fileName
        var changed = false
        for _ in 0..<100 where !changed {
            try await Task.sleep(nanoseconds: 20_000_000)
            changed = await lock.fileName != first
        }
        #expect(changed)
        await lock.release()
        #expect(try await repo.listLocks().isEmpty)
    }
}
