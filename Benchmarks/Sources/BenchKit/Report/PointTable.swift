/// Renders figures measured at several scale points (``Figure/point``) as one Markdown table: a row
/// per measured quantity (same label), a column per point, so growth reads left to right.
public enum PointTable {
    /// The table, or "" when no figure has a point.
    public static func render(_ figures: [Figure]) -> String {
        let measured = figures.filter { $0.point != nil }
        let points = Array(Set(measured.compactMap(\.point))).sorted()
        guard !points.isEmpty else { return "" }
        var labels: [String] = []
        var cells: [String: [Int: Figure]] = [:]
        for f in measured {
            guard let point = f.point else { continue }
            if cells[f.label] == nil { labels.append(f.label) }
            cells[f.label, default: [:]][point] = f
        }
        let hasNotes = measured.contains { $0.note != nil }
        var out = "| figure | " + points.map { ByteFormat.short($0) }.joined(separator: " | ") + " | target |"
            + (hasNotes ? " notes |\n" : "\n")
        out += "|---|" + String(repeating: "---:|", count: points.count) + "---|" + (hasNotes ? "---|\n" : "\n")
        for label in labels {
            let row = cells[label] ?? [:]
            let values = points.map { point -> String in
                guard let f = row[point] else { return "—" }
                return f.valueWithUnit + (f.met.map { $0 ? " (met)" : " (**not met**)" } ?? "")
            }
            let target = points.compactMap { row[$0]?.target }.first ?? ""
            let notes = points.compactMap { point in row[point]?.note.map { "\(ByteFormat.short(point)): \($0)" } }
            out += "| \(label) | " + values.joined(separator: " | ") + " | \(target) |"
                + (hasNotes ? " " + ResultsMarkdown.escape(notes.joined(separator: "; ")) + " |\n" : "\n")
        }
        return out
    }
}
