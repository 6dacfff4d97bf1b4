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
}
