import AeroVault

/// Turns the restore and verify engines' events into progress status for a renderer.
struct RestoreProgressAdapter: RestoreProgress {
    private let tracker: ProgressTracker

    init(renderer: any ProgressRenderer, unit: String = "partitions") {
        tracker = ProgressTracker(renderer: renderer, unit: unit)
    }

    func report(_ event: RestoreEvent) {
        switch event {
        case .started(_, let partitions, _):
            tracker.update { $0.total = partitions }
        case .metadataRestored(let indexes, let udfs):
            tracker.notice(
                "metadata", message: "recreated cluster metadata", fields: ["indexes": "\(indexes)", "udfs": "\(udfs)"])
        case .partitionFinished(_, let counts):
            tracker.update {
                $0.done += 1
                $0.records += counts.read
                $0.bytes += counts.bytes
            }
        case .partitionVerified(_, let tally):
            tracker.update {
                $0.done += 1
                $0.records += tally.compared + tally.missing + tally.extra
            }
        case .partitionFailed(let failure):
            tracker.update { $0.done += 1 }
            tracker.notice("partition_error", message: failure.message, fields: ["partition": "\(failure.partition)"])
        case .recordFailed(let failure):
            tracker.notice("record_error", message: failure.reason, fields: ["digest": failure.digest, "set": failure.set])
        case .warning(let message):
            tracker.notice("warning", message: message)
        }
    }

    /// Draws the final status line.
    func finish() { tracker.finish() }
}
