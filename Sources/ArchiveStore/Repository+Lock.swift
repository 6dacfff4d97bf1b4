import Foundation

/// A lock file as listed by ``Repository/listLocks()``; `info` is nil when the file cannot be read.
public struct LockFileSummary: Sendable {
    public var name: String
    public var info: LockInfo?
}

extension Repository {
    static let lockLabel = "lock"
    static let lockVersion: UInt8 = 1

    /// Takes a shared or exclusive lock: writes our lock file, then checks every other one; on a
    /// conflicting live lock removes ours and throws.
    /// - Parameter refreshInterval: seconds between refreshes (0 disables; default 5 minutes).
    /// - Throws: `.locked` naming the holder, host, PID and time, and suggesting `aerovault unlock`.
    public func lock(exclusive: Bool, refreshInterval: TimeInterval = LockInfo.refreshInterval) async throws
        -> RepositoryLock
    {
        let info = LockInfo.current(exclusive: exclusive)
        let name = try await saveLockFile(info)
        do {
            for other in try await listLocks() where other.name != name {
                guard let theirs = other.info, !theirs.isStale() else { continue }
                if info.conflicts(with: theirs) {
                    throw ArchiveStoreError(
                        .locked,
                        "repository is already locked: \(theirs.summary); if that process is gone, run "
                            + "`aerovault unlock` (locks older than 30 minutes are stale)")
                }
            }
        } catch {
            try? await backend.remove(.lock, name: name)
            throw error
        }
        let lock = RepositoryLock(repository: self, name: name, info: info)
        await lock.startRefreshing(every: refreshInterval)
        return lock
    }

    /// Every lock file with its decoded contents (nil for unreadable ones).
    public func listLocks() async throws -> [LockFileSummary] {
        var out: [LockFileSummary] = []
        for file in try await backend.list(.lock) {
            let info = try? await loadLockFile(file.name)
            out.append(LockFileSummary(name: file.name, info: info))
        }
        return out
    }

    /// Removes stale and unreadable locks, or every lock when `all`. Returns the names removed.
    public func removeLocks(all: Bool, now: Date = Date()) async throws -> [String] {
        var removed: [String] = []
        for lock in try await listLocks() where all || (lock.info?.isStale(now: now) ?? true) {
            do {
                try await backend.remove(.lock, name: lock.name)
                removed.append(lock.name)
            } catch let error as ArchiveStoreError where error.code == .notFound {
                continue
            }
        }
        return removed
    }

    /// Writes a lock file for `info`; returns its name. (Tests use it to plant foreign locks.)
    public nonisolated func saveLockFile(_ info: LockInfo) async throws -> String {
        let body = try MetadataJSON.encode(info)
        let bytes = try SealedFile.seal(body, version: Self.lockVersion, label: Self.lockLabel, sealer: sealer)
        let name = FileHash.id(of: bytes).hex
        try await backend.save(.lock, name: name, bytes: bytes)
        return name
    }

    /// Reads and verifies a lock file.
    public nonisolated func loadLockFile(_ name: String) async throws -> LockInfo {
        let bytes = try await backend.load(.lock, name: name)
        try SealedFile.verifyName(bytes, kind: .lock, name: name)
        let what = FileKind.lock.path(of: name)
        let (_, body) = try SealedFile.open(bytes, label: Self.lockLabel, what: what, sealer: sealer)
        return try MetadataJSON.decode(LockInfo.self, from: body, what: what)
    }
}

extension Repository {
    /// Removes temporary files killed writers left in the backend (older than the lock staleness age;
    /// SPEC.md §6 "Temporary files"). Returns how many. Writers call it once they hold their lock.
    public nonisolated func removeStaleTemporaryFiles() async -> Int {
        await backend.removeStaleTemporaryFiles(olderThan: LockInfo.staleAfter)
    }
}
