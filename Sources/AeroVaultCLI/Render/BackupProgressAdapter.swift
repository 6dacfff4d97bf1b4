import AeroVault
import Foundation

/// Turns the backup engine's events into progress status for a renderer, and keeps the counters.
final class BackupProgressAdapter: BackupProgress, @unchecked Sendable {
    // @unchecked Sendable: all mutable state is guarded by `lock`.
    private let lock = NSLock()
    private let renderer: any ProgressRenderer
    private let started = Date()
    private var status = ProgressStatus(unit: "partitions")

    init(renderer: any ProgressRenderer) {
        self.renderer = renderer
    }

    func report(_ event: BackupEvent) {
        switch event {
        case .started(let start):
            let current = mutate {
                $0.total = start.partitionsTotal
                $0.done = start.partitionsResumed
            }
            renderer.update(current)
            if start.partitionsResumed > 0 {
                renderer.notice(
                    "resume", message: "continuing an interrupted backup",
                    fields: ["partitions_done": "\(start.partitionsResumed)"])
            }
        case .partitionFinished(let report):
            renderer.update(
                mutate {
                    $0.done += 1
                    $0.records += report.records + report.tombstones
                    $0.bytes += report.plainBytes
                })
        case .checkpointWritten:
            break
        case .recordFailed(let partition, let digest, let message):
            renderer.notice("record_error", message: message, fields: ["partition": "\(partition)", "digest": digest])
        case .warning(let message):
            renderer.notice("warning", message: message, fields: [:])
        }
    }

    /// Draws the final status line.
    func finish() {
        renderer.finish(mutate { _ in })
    }

    private func mutate(_ body: (inout ProgressStatus) -> Void) -> ProgressStatus {
        lock.lock()
        defer { lock.unlock() }
        body(&status)
        status.secondsElapsed = Date().timeIntervalSince(started)
        return status
    }
}
