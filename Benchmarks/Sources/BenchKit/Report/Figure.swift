/// One measured (or not yet measurable) figure of a benchmark run.
///
/// `value == nil` means "not measured", with `note` saying why (e.g. which branch it needs): figures
/// are never faked or carried over from another run.
public struct Figure: Codable, Sendable {
    /// Stable machine-readable id, e.g. `primitive.zstd3.threads1.mbps`.
    public var id: String
    /// Which numbered measurement it belongs to (1…6, or "micro").
    public var section: String
    /// Human label.
    public var label: String
    /// The figure, or nil when it could not be measured in this run.
    public var value: Double?
    /// Unit of `value` ("MB/s", "records/s", "bytes", "s", "%", "×"; "count" for a plain number of things).
    public var unit: String
    /// The target, in words, when there is one.
    public var target: String?
    /// Whether the target is met (nil: no target, or not measured).
    public var met: Bool?
    /// What limits it, how it was measured, or why it is missing.
    public var note: String?
    /// The scale point (records or entries) this figure was measured at, for figures measured at
    /// several sizes (section 6); RESULTS.md shows them as one row with a column per point.
    public var point: Int?

    /// A measured figure.
    public init(
        _ id: String, section: String, label: String, value: Double, unit: String,
        target: String? = nil, met: Bool? = nil, note: String? = nil, point: Int? = nil
    ) {
        self.id = id
        self.section = section
        self.label = label
        self.value = value
        self.unit = unit
        self.target = target
        self.met = met
        self.note = note
        self.point = point
    }

    /// A figure that could not be measured in this run.
    public static func notMeasured(
        _ id: String, section: String, label: String, unit: String, target: String? = nil, reason: String,
        point: Int? = nil
    ) -> Figure {
        var f = Figure(id, section: section, label: label, value: 0, unit: unit, target: target, note: reason, point: point)
        f.value = nil
        return f
    }

    /// ``formattedValue`` followed by the unit, as a table cell shows it (sizes carry their own unit).
    public var valueWithUnit: String {
        value == nil || ["bytes", "count", ""].contains(unit) ? formattedValue : "\(formattedValue) \(unit)"
    }

    /// The value formatted for a table (thousands separators, sensible precision).
    public var formattedValue: String {
        guard let value else { return "not measured yet" }
        switch unit {
        case "bytes": return ByteFormat.string(value)
        case "records/s", "records", "count": return ByteFormat.grouped(Int(value.rounded()))
        default:
            if abs(value) >= 100 { return ByteFormat.grouped(Int(value.rounded())) }
            if abs(value) >= 10 { return String(format: "%.1f", value) }
            return String(format: "%.2f", value)
        }
    }
}

/// Number formatting shared by the report renderers.
public enum ByteFormat {
    /// "1.23 MiB"-style size.
    public static func string(_ bytes: Double) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var v = bytes
        var i = 0
        while abs(v) >= 1024, i < units.count - 1 {
            v /= 1024
            i += 1
        }
        return i == 0 ? "\(Int(v)) B" : String(format: "%.2f %@", v, units[i])
    }

    /// "100 k", "1 M", "2.5 M": a record or entry count for column headings.
    public static func short(_ n: Int) -> String {
        func trimmed(_ v: Double) -> String {
            v == v.rounded() ? String(Int(v)) : String(format: "%.1f", v)
        }
        if n >= 1_000_000 { return trimmed(Double(n) / 1e6) + " M" }
        if n >= 1_000 { return trimmed(Double(n) / 1e3) + " k" }
        return String(n)
    }

    /// "1,234,567".
    public static func grouped(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }
}
