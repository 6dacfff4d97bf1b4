import Foundation

/// Everything one `aerovault-bench` run measured, written as JSON and rendered into RESULTS.md.
public struct BenchReport: Codable, Sendable {
    /// The command line that produced it.
    public var command: String
    /// "quick" or "full".
    public var mode: String
    /// Records in the day-0 data set.
    public var records: Int
    /// Bytes of the encoded day-0 stream (RecordCodec encoding).
    public var encodedBytes: Int
    /// Where the data came from (simulator seeding, generator).
    public var dataSource: String
    /// The machine.
    public var machine: MachineInfo
    /// Wall seconds of the whole run.
    public var durationSeconds: Double
    /// Wall seconds per section ("1"…"6"), for the time budget; nil in reports written before it existed.
    public var sectionSeconds: [String: Double]?
    /// All figures in order.
    public var figures: [Figure]
    /// Free-form findings (profiling, caveats), one paragraph each.
    public var notes: [String]

    /// An empty report for a run starting now.
    public init(command: String, mode: String, machine: MachineInfo) {
        self.command = command
        self.mode = mode
        self.records = 0
        self.encodedBytes = 0
        self.dataSource = ""
        self.machine = machine
        self.durationSeconds = 0
        self.figures = []
        self.notes = []
    }

    /// The figure with this id, if recorded.
    public func figure(_ id: String) -> Figure? {
        figures.first { $0.id == id }
    }

    /// The value of a measured figure.
    public func value(_ id: String) -> Double? {
        figure(id)?.value
    }

    /// Writes pretty, key-sorted JSON atomically.
    public func writeJSON(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: url, options: .atomic)
    }

    /// Reads a report written by ``writeJSON(to:)``.
    public static func readJSON(from url: URL) throws -> BenchReport {
        try JSONDecoder().decode(BenchReport.self, from: Data(contentsOf: url))
    }
}
