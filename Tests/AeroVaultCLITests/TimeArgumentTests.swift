import AeroVault
import Foundation
import Testing

@testable import AeroVaultCLI

/// Time arguments of `backup --modified-after/--modified-before` and `--at` (SPEC.md §14 "backup");
/// the parser lives in the CLI, the only user.
@Suite struct TimeArgumentTests {
    @Test func timesAsRFC3339OrUnixSeconds() async throws {
        #expect(try TimeArgument.parseNanoseconds("1764064800") == 1_764_064_800_000_000_000)
        #expect(try TimeArgument.parseNanoseconds("2025-11-25T10:00:00Z") == 1_764_064_800_000_000_000)
        #expect(try TimeArgument.parseNanoseconds("2025-11-25T11:00:00+01:00") == 1_764_064_800_000_000_000)
        #expect(try TimeArgument.parseNanoseconds("2025-11-25T10:00:00.5Z") == 1_764_064_800_500_000_000)
        #expect(throws: AeroVaultError.self) { try TimeArgument.parseNanoseconds("yesterday") }
        #expect(throws: AeroVaultError.self) { try TimeArgument.parseNanoseconds("-5") }
    }

    /// asbackup's `YYYY-MM-DD_HH:MM:SS` and plain dates, in the local time zone (issue 15 item 6).
    @Test func asbackupTimeFormatsAreLocalTime() async throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        func nanoseconds(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0) throws -> UInt64 {
            let date = try #require(calendar.date(from: DateComponents(year: y, month: m, day: d, hour: h, minute: mi, second: s)))
            return UInt64(date.timeIntervalSince1970) * 1_000_000_000
        }
        #expect(try TimeArgument.parseNanoseconds("2025-11-25_10:30:05") == nanoseconds(2025, 11, 25, 10, 30, 5))
        #expect(try TimeArgument.parseNanoseconds("2025-11-25") == nanoseconds(2025, 11, 25))
        #expect(throws: AeroVaultError.self) { try TimeArgument.parseNanoseconds("2025-13-25") }
        #expect(throws: AeroVaultError.self) { try TimeArgument.parseNanoseconds("2025-11-25_25:00:00") }
        #expect(throws: AeroVaultError.self) { try TimeArgument.parseNanoseconds("2025-11-25_10:30") }
    }
}
