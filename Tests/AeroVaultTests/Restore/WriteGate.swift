import AeroVault
import AeroVaultTestSupport
import ArchiveStore
import Foundation

/// A one-shot gate: ``wait()`` suspends until ``open()`` was called (at any time, before or after).
final class WriteGate: @unchecked Sendable {
    // @unchecked: state guarded by `lock`.
    private let lock = NSLock()
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow = lock.withLock { () -> Bool in
                if isOpen { return true }
                waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func open() {
        let waiting = lock.withLock { () -> [CheckedContinuation<Void, Never>] in
            isOpen = true
            defer { waiters.removeAll() }
            return waiters
        }
        for w in waiting { w.resume() }
    }
}

/// A snapshot source that opens a ``WriteGate`` once `total` records have been read: writes are held
/// back until every partition has been read, so the test sees how rows were batched, not how fast.
struct GatedSnapshotSource: SnapshotRecordSource {
    let inner: InMemorySnapshotSource
    let gate: WriteGate
    let total: Int
    private let counter = Counter()

    init(_ inner: InMemorySnapshotSource, gate: WriteGate, openAfter total: Int) {
        self.inner = inner
        self.gate = gate
        self.total = total
    }

    func forEachRecord(partition: Int, _ body: (ArchiveRecord) async throws -> Void) async throws {
        try await inner.forEachRecord(partition: partition) { record in
            try await body(record)
            if counter.increment() == total { gate.open() }
        }
    }

    func estimatedRecordCount(partition: Int) -> Int { inner.estimatedRecordCount(partition: partition) }

    private final class Counter: @unchecked Sendable {
        // @unchecked: state guarded by `lock`.
        private let lock = NSLock()
        private var value = 0
        func increment() -> Int { lock.withLock { value += 1; return value } }
    }
}
