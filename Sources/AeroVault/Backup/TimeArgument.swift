import Foundation

/// Parses the time arguments of `--modified-after`/`--modified-before`.
public enum TimeArgument {
    /// Nanoseconds since the Unix epoch for an RFC 3339 time (`2026-11-25T10:00:00Z`,
    /// `2026-11-25T10:00:00.5+01:00`) or a decimal number of Unix seconds (`1764064800`, `1764064800.25`).
    /// - Throws: ``BackupError`` `.invalidArgument` naming the text otherwise.
    public static func parseNanoseconds(_ text: String) throws -> UInt64 {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed), trimmed.first?.isNumber == true {
            guard seconds >= 0, seconds < 1.0e10 else {
                throw BackupError(.invalidArgument, "time '\(text)' is out of range")
            }
            return UInt64((seconds * 1_000_000_000).rounded())
        }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = plain.date(from: trimmed) ?? fractional.date(from: trimmed) else {
            throw BackupError(
                .invalidArgument,
                "cannot read time '\(text)'; use RFC 3339 (2026-11-25T10:00:00Z) or Unix seconds")
        }
        guard date.timeIntervalSince1970 >= 0 else {
            throw BackupError(.invalidArgument, "time '\(text)' is before 1970")
        }
        return UInt64((date.timeIntervalSince1970 * 1_000_000_000).rounded())
    }
}
