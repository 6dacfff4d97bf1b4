import Foundation

/// A strict reader of the Prometheus text exposition format (version 0.0.4), for the `serve` tests:
/// every sample belongs to a family declared once by `# TYPE` before it, names and labels are
/// well-formed, values are numbers, and no sample appears twice.
struct PrometheusText {
    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    /// Family name → type.
    private(set) var types: [String: String] = [:]
    private var values: [String: Double] = [:]

    subscript(_ name: String, _ labels: [String: String]) -> Double? { values[Self.key(name, labels)] }

    static func key(_ name: String, _ labels: [String: String]) -> String {
        name + "{" + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") + "}"
    }

    static func parse(_ text: String) throws -> PrometheusText {
        var result = PrometheusText()
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let fail = { (reason: String) in ParseError(description: "line \(number + 1) '\(line)': \(reason)") }
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                let words = line.split(separator: " ", maxSplits: 3).map(String.init)
                guard words.count >= 3, words[0] == "#", ["HELP", "TYPE"].contains(words[1]), isName(words[2]) else {
                    throw fail("bad comment")
                }
                if words[1] == "TYPE" {
                    guard words.count == 4, ["counter", "gauge", "histogram", "summary", "untyped"].contains(words[3]) else {
                        throw fail("bad type")
                    }
                    guard result.types[words[2]] == nil else { throw fail("family typed twice") }
                    result.types[words[2]] = words[3]
                }
                continue
            }
            var rest = Substring(line)
            let name = String(rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" })
            guard isName(name) else { throw fail("bad metric name") }
            rest = rest.dropFirst(name.count)
            var labels: [String: String] = [:]
            if rest.hasPrefix("{") {
                rest = rest.dropFirst()
                while !rest.hasPrefix("}") {
                    let label = String(rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
                    guard isName(label), !label.contains(":") else { throw fail("bad label name") }
                    rest = rest.dropFirst(label.count)
                    guard rest.hasPrefix("=\"") else { throw fail("label without =\"") }
                    rest = rest.dropFirst(2)
                    guard let close = rest.firstIndex(of: "\"") else { throw fail("unterminated label value") }
                    guard labels[label] == nil else { throw fail("label repeated") }
                    labels[label] = String(rest[..<close])
                    rest = rest[rest.index(after: close)...]
                    if rest.hasPrefix(",") { rest = rest.dropFirst() } else if !rest.hasPrefix("}") { throw fail("bad label list") }
                }
                rest = rest.dropFirst()
            }
            let fields = rest.split(separator: " ")
            guard rest.hasPrefix(" "), (1...2).contains(fields.count), let value = Double(fields[0]) else {
                throw fail("bad value")
            }
            let family = ["_total", "_bucket", "_sum", "_count"].compactMap { suffix in
                name.hasSuffix(suffix) && result.types[String(name.dropLast(suffix.count))] != nil ? String(name.dropLast(suffix.count)) : nil
            }.first ?? name
            guard result.types[family] != nil || result.types[name] != nil else { throw fail("sample before its # TYPE") }
            let key = key(name, labels)
            guard result.values[key] == nil else { throw fail("sample repeated") }
            result.values[key] = value
        }
        return result
    }

    static func isName(_ text: String) -> Bool {
        guard let first = text.first, first.isASCII, first.isLetter || first == "_" || first == ":" else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":") }
    }
}
