import ArgumentParser

/// A duration flag value (`--retry-time`): a number of seconds, or numbers with units `ms`, `s`,
/// `m`, `h`, each unit at most once in that order of size, e.g. `90`, `90s`, `1m30s`, `500ms`, `2h`
/// (SPEC.md §14 "restore").
struct DurationArgument: ExpressibleByArgument, Sendable {
    var duration: Duration

    init(_ duration: Duration) {
        self.duration = duration
    }

    init?(argument: String) {
        guard let duration = Self.parse(argument) else { return nil }
        self.duration = duration
    }

    var defaultValueDescription: String { Self.describe(duration) }

    /// Parses the flag's text; nil for anything else (ArgumentParser then reports a usage error).
    static func parse(_ text: String) -> Duration? {
        if let seconds = Double(text), seconds.isFinite, seconds >= 0 { return .milliseconds(Int64(seconds * 1000)) }
        let units: [(suffix: String, milliseconds: Double)] = [("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1)]
        var rest = Substring(text)
        var total = 0.0
        var nextUnit = 0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            let afterNumber = rest.dropFirst(number.count)
            let unitText = afterNumber.prefix { $0.isLetter }
            guard let value = Double(number),
                let u = units.indices.first(where: { units[$0].suffix == String(unitText) }), u >= nextUnit
            else { return nil }
            total += value * units[u].milliseconds
            nextUnit = u + 1
            rest = afterNumber.dropFirst(unitText.count)
        }
        guard total.isFinite, total > 0, total < 1e15 else { return nil }
        return .milliseconds(Int64(total))
    }

    /// `120s`, `1500ms`: how help shows a default.
    static func describe(_ duration: Duration) -> String {
        let ms = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return ms % 1000 == 0 ? "\(ms / 1000)s" : "\(ms)ms"
    }
}
