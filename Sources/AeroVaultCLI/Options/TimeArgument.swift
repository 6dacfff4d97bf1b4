import AeroVault
import ArchiveStore
import Foundation

/// Parses time arguments (`--modified-after`, `--modified-before`, `--at`; SPEC.md §14 "backup").
enum TimeArgument {
    /// Nanoseconds since the Unix epoch for
    /// - an RFC 3339 time (`2026-11-25T10:00:00Z`, `2026-11-25T10:00:00.5+01:00`),
    /// - asbackup's `YYYY-MM-DD_HH:MM:SS` or a plain date `YYYY-MM-DD` (midnight), both in the local
    ///   time zone (`$TZ`) as asbackup reads them,
    /// - or a decimal number of Unix seconds (`1764064800`, `1764064800.25`).
    /// - Throws: ``AeroVaultError`` `.invalidArgument` naming the text otherwise.
    static func parseNanoseconds(_ text: String) throws -> UInt64 {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed), trimmed.first?.isNumber == true {
            guard seconds >= 0, seconds < 1.0e10 else {
                throw AeroVaultError(.invalidArgument, "time '\(text)' is out of range")
            }
            return UInt64((seconds * 1_000_000_000).rounded())
        }
        guard let date = RFC3339.parse(trimmed) ?? local(trimmed) else {
            throw AeroVaultError(
                .invalidArgument,
                "cannot read time '\(text)'; use RFC 3339 (2026-11-25T10:00:00Z), YYYY-MM-DD_HH:MM:SS or "
                    + "YYYY-MM-DD (local time), or Unix seconds")
        }
        guard date.timeIntervalSince1970 >= 0 else {
            throw AeroVaultError(.invalidArgument, "time '\(text)' is before 1970")
        }
        return UInt64((date.timeIntervalSince1970 * 1_000_000_000).rounded())
    }

    /// asbackup's local-time forms; the length check keeps the formatter from accepting a prefix.
    private static func local(_ text: String) -> Date? {
        let format: String
        switch text.count {
        case 19: format = "yyyy-MM-dd_HH:mm:ss"
        case 10: format = "yyyy-MM-dd"
        default: return nil
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = .current
        formatter.isLenient = false
        formatter.dateFormat = format
        return formatter.date(from: text)
    }
}
