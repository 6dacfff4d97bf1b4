import Foundation

/// What a progress renderer shows: shared by backup and restore, filled by each command's adapter.
struct ProgressStatus: Sendable, Equatable {
    /// Name of the unit counted in `done`/`total`, e.g. "partitions".
    var unit: String = "partitions"
    var done = 0
    var total = 0
    /// Records processed so far.
    var records = 0
    /// Bytes the repository newly stored (backup) or bytes read (restore).
    var bytes = 0
    /// Seconds since the command started.
    var secondsElapsed: Double = 0

    var fractionDone: Double { total > 0 ? min(1, Double(done) / Double(total)) : 0 }

    /// `fractionDone` as a percentage with one decimal, e.g. `"50.0%"`.
    var percentText: String { String(format: "%.1f%%", fractionDone * 100) }

    /// Seconds left at the average pace so far; nil before the first unit is done or once all are.
    var secondsRemaining: Double? {
        guard done > 0, done < total, secondsElapsed > 0 else { return nil }
        return secondsElapsed * Double(total - done) / Double(done)
    }

    /// `"ETA 1m05s"`, or `"ETA ?"` before anything is done, or nil when finished.
    var etaText: String? {
        if let left = secondsRemaining { return "ETA " + HumanFormat.duration(left) }
        return done < total || total == 0 ? "ETA ?" : nil
    }
}
