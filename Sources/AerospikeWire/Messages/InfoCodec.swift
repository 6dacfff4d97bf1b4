/// The info protocol (proto type 1, SPEC.md §12.6): newline-separated commands, tab-separated answers.
public enum InfoCodec {
    /// A request frame: each command followed by `\n`.
    public static func request(_ commands: [String]) -> WireFrame {
        WireFrame(type: .info, body: Array(commands.map { $0 + "\n" }.joined().utf8))
    }

    /// The commands of a request body (server side).
    public static func parseRequest(_ body: [UInt8]) -> [String] {
        String(decoding: body, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    /// Parses a response body: `command \t value \n` per line. A line without a tab is a command with an
    /// empty value. Invalid UTF-8 is replaced, never trapped on.
    public static func parseResponse(_ body: [UInt8]) -> [(command: String, value: String)] {
        String(decoding: body, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true).map { line in
            if let tab = line.firstIndex(of: "\t") {
                return (String(line[..<tab]), String(line[line.index(after: tab)...]))
            }
            return (String(line), "")
        }
    }

    /// A response frame echoing each command with its value.
    public static func response(_ pairs: [(String, String)]) -> WireFrame {
        WireFrame(type: .info, body: Array(pairs.map { "\($0.0)\t\($0.1)\n" }.joined().utf8))
    }

    /// Splits `ERROR:<code>:<message>` answers; returns nil for non-error values.
    public static func error(in value: String) -> (code: Int?, message: String)? {
        guard value.hasPrefix("ERROR") else { return nil }
        let parts = value.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        let code = parts.count > 1 ? Int(parts[1]) : nil
        return (code, parts.count > 2 ? String(parts[2]) : value)
    }
}
