import ArchiveStoreTestSupport
import Foundation
import Testing

@testable import ArchiveStore

/// RFC 3339 parsing without ICU (SPEC.md §6: every JSON body's dates), and the fuzz findings it fixes.
@Suite struct RFC3339Tests {
    /// `Tests/fuzz-crashes`: every input a fuzz target crashed on (docs/fuzzing.md).
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fuzz-crashes")

    /// Every millisecond timestamp the repository writes reads back bit for bit as ICU read it.
    @Test func agreesWithFoundationOnWhatTheRepositoryWrites() {
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let plain = ISO8601DateFormatter()
        var rng = SeededGenerator(seed: 3339)
        for _ in 0..<2000 {
            let date = Date(timeIntervalSince1970: Double(Int64.random(in: -2_000_000_000_000...8_000_000_000_000, using: &rng)) / 1000)
            for text in [withFraction.string(from: date), plain.string(from: date)] {
                let expected = text.contains(".") ? withFraction.date(from: text) : plain.date(from: text)
                #expect(RFC3339.parse(text) == expected, "\(text)")
            }
        }
        #expect(RFC3339.parse("2026-12-07T10:00:00.5+02:00") == withFraction.date(from: "2026-12-07T08:00:00.500Z"))
        #expect(RFC3339.parse("2024-02-29T23:59:59.123456789Z")?.timeIntervalSince1970 == 1_709_251_199.123_456_789)
    }

    @Test(arguments: [
        "", "2026-12-07", "2026-12-07T10:00:00", "2026-12-07 10:00:00Z", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
        "2025-02-29T00:00:00Z", "2026-12-07T24:00:00Z", "2026-12-07T10:60:00Z", "2026-12-07T10:00:60Z",
        "2026-12-07T10:00:00.Z", "2026-12-07T10:00:00.1234567890Z", "2026-12-07T10:00:00+2:00", "2026-12-07T10:00:00Zx",
        "2026-12-07T10:00:00.0333333333333333333333333333333333333333333333333333333333333333333300Z",
    ])
    func malformedIsNil(text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    /// The fuzz targets `snapshot` and `sealed-file` crashed aerovault (SIGFPE inside ICU) with these
    /// manifests: dates with 40 and 70 fraction digits. Now they are damaged files, not crashes.
    @Test(arguments: ["snapshot-long-fraction.json", "sealed-file-long-fraction.bin"])
    func fuzzCrashesAreCorruptedManifests(file: String) throws {
        var bytes = Array(try Data(contentsOf: Self.fixtures.appendingPathComponent(file)))
        if file.hasPrefix("sealed-file") { bytes.removeFirst() }  // that target's first byte picks the decoder
        let error = #expect(throws: ArchiveStoreError.self) {
            _ = try MetadataJSON.decode(Snapshot.self, from: bytes, what: "snapshots/x")
        }
        #expect(error?.code == .corrupted)
    }
}
