import AeroVault

/// Turns the backup engine's events into progress status for a renderer.
struct BackupProgressAdapter: BackupProgress {
    private let tracker: ProgressTracker

    init(renderer: any ProgressRenderer) {
        tracker = ProgressTracker(renderer: renderer, unit: "partitions")
    }

    func report(_ event: BackupEvent) {
        switch event {
        case .started(let start):
            tracker.update {
                $0.total = start.partitionsTotal
                $0.done = start.partitionsResumed
            }
            if start.partitionsResumed > 0 {
                tracker.notice(
                    "resume", message: "continuing an interrupted backup",
                    fields: ["partitions_done": "\(start.partitionsResumed)"])
            }
        case .partitionFinished(let report):
            tracker.update {
                $0.done += 1
                $0.records += report.records + report.tombstones
                $0.bytes += report.plainBytes
            }
        case .checkpointWritten:
            break
        case .recordFailed(let partition, let digest, let message):
            tracker.notice("record_error", message: message, fields: ["partition": "\(partition)", "digest": digest])
        case .warning(let message):
            tracker.notice("warning", message: message)
        }
    }

    /// Draws the final status line.
    func finish() { tracker.finish() }
}
