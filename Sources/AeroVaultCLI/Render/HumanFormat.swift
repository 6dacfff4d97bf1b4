import AeroVault
import Foundation

/// Formats byte counts, durations and rates for humans.
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

    /// "12.3s (4567 records/s)": a run's duration with its record rate (backup and restore summaries).
    static func durationAndRate(_ seconds: Double, records: Int) -> String {
        "\(duration(seconds)) (\(Int(RecordRate.perSecond(records, seconds: seconds))) records/s)"
    }
}
