import Foundation

/// Renders a ``BenchReport`` as the generated part of Benchmarks/RESULTS.md.
///
/// RESULTS.md keeps hand-written analysis outside the markers `<!-- generated:begin -->` …
/// `<!-- generated:end -->`; only the text between them is replaced on each run.
public enum ResultsMarkdown {
    /// Starts the generated block.
    public static let beginMarker = "<!-- generated:begin -->"
    /// Ends the generated block.
    public static let endMarker = "<!-- generated:end -->"

    static let sectionTitles: [String: String] = [
        "1": "1. Primitive limit (in RAM, no I/O)",
        "2": "2. Backup from the simulator into a local repository",
        "3": "3. Peers: restic and borg on the same records",
        "4": "4. Incremental (1 % updated, 0.5 % deleted, 0.5 % inserted)",
        "5": "5. Restore into an empty simulator",
        "6": "6. Scale",
        "micro": "Micro-benchmarks (ordo-one/benchmark)",
    ]

    /// The generated Markdown (without markers).
    public static func render(_ report: BenchReport) -> String {
        var out = "Command: `\(report.command)` (\(report.mode) mode)  \n"
        out += "Machine: \(report.machine.summary)  \n"
        out += "Data: \(ByteFormat.grouped(report.records)) records, \(ByteFormat.string(Double(report.encodedBytes))) "
        out += "encoded (\(report.dataSource))  \n"
        out += "Run time: \(String(format: "%.0f", report.durationSeconds)) s"
        if let times = report.sectionSeconds, !times.isEmpty {
            out += " (" + times.keys.sorted().map { "section \($0): \(String(format: "%.0f", times[$0] ?? 0)) s" }
                .joined(separator: ", ") + ")"
        }
        out += "\n\n"
        for section in ["1", "2", "3", "4", "5", "6", "micro"] {
            let figures = report.figures.filter { $0.section == section }
            guard !figures.isEmpty else { continue }
            out += "### \(sectionTitles[section] ?? section)\n\n"
            let table = PointTable.render(figures)
            if !table.isEmpty { out += table + "\n" }
            let single = figures.filter { $0.point == nil }
            guard !single.isEmpty else { continue }
            out += "| figure | value | target | met | notes |\n|---|---:|---|---|---|\n"
            for f in single {
                let met = f.met.map { $0 ? "met" : "**not met**" } ?? ""
                out += "| \(f.label) | \(f.valueWithUnit) | \(f.target ?? "") | \(met) | \(escape(f.note ?? "")) |\n"
            }
            out += "\n"
        }
        if !report.notes.isEmpty {
            out += "### Run notes\n\n"
            for n in report.notes { out += "- \(n)\n" }
            out += "\n"
        }
        return out
    }

    /// Replaces the generated block of `existing` (or appends one) with the rendering of `report`.
    public static func update(_ existing: String, with report: BenchReport) -> String {
        let block = beginMarker + "\n" + render(report) + endMarker
        if let begin = existing.range(of: beginMarker), let end = existing.range(of: endMarker),
            begin.lowerBound < end.lowerBound
        {
            return existing.replacingCharacters(in: begin.lowerBound..<end.upperBound, with: block)
        }
        return existing + "\n" + block + "\n"
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
