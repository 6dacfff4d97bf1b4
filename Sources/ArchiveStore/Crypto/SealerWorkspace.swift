import Foundation

/// Scratch memory for sealing one blob at a time, reused from blob to blob so the write path does
/// not allocate (and page-fault in) fresh buffers per chunk.
///
/// Not thread-safe: a workspace belongs to one task at a time; ``SealerWorkspace/Pool`` hands them
/// out to concurrent savers.
final class SealerWorkspace {
    /// Output of ``Sealer/seal(_:purpose:associatedData:into:)``; only its prefix is the last blob.
    var sealed: [UInt8] = []

    /// Workspaces shared by the tasks saving chunks at once: each save takes one and gives it back.
    ///
    /// `@unchecked Sendable`: the free list is only touched under `lock`, and a workspace taken out
    /// belongs to the one task that took it until it is given back.
    final class Pool: @unchecked Sendable {
        private let lock = NSLock()
        private var free: [SealerWorkspace] = []
        /// Idle workspaces kept when given back; more are dropped (their memory is freed).
        private let limit: Int

        /// - Parameter limit: the most idle workspaces kept (about the number of tasks saving at once).
        init(limit: Int = 8) {
            self.limit = limit
        }

        /// Runs `body` with a workspace of its own, given back to the pool afterwards.
        func withWorkspace<T>(_ body: (SealerWorkspace) async throws -> T) async rethrows -> T {
            let workspace = take()
            defer { recycle(workspace) }
            return try await body(workspace)
        }

        private func take() -> SealerWorkspace {
            lock.lock()
            defer { lock.unlock() }
            return free.popLast() ?? SealerWorkspace()
        }

        private func recycle(_ workspace: SealerWorkspace) {
            lock.lock()
            defer { lock.unlock() }
            if free.count < limit { free.append(workspace) }
        }
    }
}
