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

/// Renders progress and notices while a long command runs. Implementations are thread-safe.
protocol ProgressRenderer: Sendable {
    /// Shows the latest status (renderers throttle themselves).
    func update(_ status: ProgressStatus)
    /// Shows a notice that must not be lost (warning, per-record error).
    func notice(_ type: String, message: String, fields: [String: String])
    /// Shows the final status and ends the display (e.g. the bar's line).
    func finish(_ status: ProgressStatus)
}

/// Shows nothing (`--quiet`).
struct SilentRenderer: ProgressRenderer {
    func update(_ status: ProgressStatus) {}
    func notice(_ type: String, message: String, fields: [String: String]) {}
    func finish(_ status: ProgressStatus) {}
}

/// Formats byte counts and durations for humans.
enum HumanFormat {
    static func bytes(_ count: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(count)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(count) B" : String(format: "%.1f %@", value, units[unit])
    }

    static func duration(_ seconds: Double) -> String {
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let total = Int(seconds.rounded())
        if total < 3600 { return "\(total / 60)m\(String(format: "%02d", total % 60))s" }
        return "\(total / 3600)h\(String(format: "%02d", total / 60 % 60))m"
    }
}

