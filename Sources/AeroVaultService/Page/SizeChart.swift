/// An inline SVG line chart of a repository's stored bytes (blue) and snapshot count (orange) over
/// time, each scaled to its own maximum, with the axes labelled (status page, SPEC.md §19).
struct SizeChart {
    let repository: String
    let samples: [ServiceState.RepositorySample]
    static let width = 600.0
    static let height = 200.0
    static let margin = 40.0
    /// Room above the plot for the two "max" labels.
    static let top = 24.0

    func svg() -> String {
        let title = "Size and snapshots of \(repository)"
        guard samples.count >= 1 else {
            return "<svg role=\"img\" aria-label=\"\(StatusPage.escape(title))\" width=\"\(Int(Self.width))\" height=\"40\"><text x=\"0\" y=\"20\">no data yet</text></svg>"
        }
        let maxBytes = max(1, samples.map(\.bytes).max() ?? 1)
        let maxSnapshots = max(1, samples.map(\.snapshots).max() ?? 1)
        let sizeLine = polyline(samples.map { Double($0.bytes) / Double(maxBytes) }, color: "#1f77b4")
        let countLine = polyline(samples.map { Double($0.snapshots) / Double(maxSnapshots) }, color: "#ff7f0e")
        let first = StatusPage.time(samples.first?.time)
        let last = StatusPage.time(samples.last?.time)
        let m = Self.margin
        return """
            <svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="\(StatusPage.escape(title))" \
            width="\(Int(Self.width))" height="\(Int(Self.height))" viewBox="0 0 \(Int(Self.width)) \(Int(Self.height))">
            <title>\(StatusPage.escape(title))</title>
            <rect x="\(m)" y="\(Self.top)" width="\(Self.width - 2 * m)" height="\(Self.height - m - Self.top)" fill="none" stroke="#999"/>
            \(sizeLine)
            \(countLine)
            <text x="\(m)" y="\(Self.height - 5)" font-size="11">\(first)</text>
            <text x="\(Self.width - m)" y="\(Self.height - 5)" font-size="11" text-anchor="end">\(last)</text>
            <text x="\(m)" y="16" font-size="11" fill="#1f77b4">max \(maxBytes) bytes</text>
            <text x="\(Self.width - m)" y="16" font-size="11" fill="#ff7f0e" text-anchor="end">max \(maxSnapshots) snapshots</text>
            </svg>
            """
    }

    /// Points spread evenly left to right (one sample is drawn as a flat line), `fraction` 0…1 upwards.
    private func polyline(_ fractions: [Double], color: String) -> String {
        let left = Self.margin
        let right = Self.width - Self.margin
        let top = Self.top
        let bottom = Self.height - Self.margin
        let values = fractions.count == 1 ? fractions + fractions : fractions
        let points = values.enumerated().map { index, fraction in
            let x = left + (right - left) * Double(index) / Double(values.count - 1)
            let y = bottom - (bottom - top) * fraction
            return "\(Int(x)),\(Int(y))"
        }
        return "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>"
    }
}
