import Foundation

/// Renders progress and notices while a long command runs. Implementations are thread-safe.
protocol ProgressRenderer: Sendable {
    /// Shows the latest status (renderers throttle themselves).
    func update(_ status: ProgressStatus)
    /// Shows a notice that must not be lost (warning, per-record error).
    func notice(_ type: String, message: String, fields: [String: String])
    /// Shows the final status and ends the display (e.g. the bar's line).
    func finish(_ status: ProgressStatus)
}

/// Shows nothing (`--quiet`).
struct SilentRenderer: ProgressRenderer {
    func update(_ status: ProgressStatus) {}
    func notice(_ type: String, message: String, fields: [String: String]) {}
    func finish(_ status: ProgressStatus) {}
}

/// Chooses the renderer (SPEC.md §14 "Progress"): nothing with `--quiet`, JSON lines with `--json`,
/// the progress bar on a terminal, else plain status lines (logs, cron mail).
/// `AEROVAULT_PROGRESS=bar|plain|json` overrides the choice (tests; terminals that lie).
enum ProgressRenderers {
    static func make(
        json: Bool, quiet: Bool, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> any ProgressRenderer {
        if quiet { return SilentRenderer() }
        if json { return JSONLinesRenderer() }
        switch environment["AEROVAULT_PROGRESS"] {
        case "bar": return TerminalProgressBar()
        case "plain": return PlainStatusRenderer()
        case "json": return JSONLinesRenderer()
        default: return isatty(STDERR_FILENO) != 0 ? TerminalProgressBar() : PlainStatusRenderer()
        }
    }

    /// A notice as one line of text: `warning: message (key=value …)`.
    static func noticeLine(_ type: String, message: String, fields: [String: String]) -> String {
        let extra = fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return "\(type): \(message)\(extra.isEmpty ? "" : " (\(extra))")"
    }
}

/// At most one status line per `interval` seconds (the final line is always written): the gate the
/// line-oriented renderers share. Not thread-safe; the renderer calls it under its lock.
struct StatusThrottle {
    let interval: Double
    private var lastWrite: Double = 0

    init(interval: Double) { self.interval = interval }

    /// Whether a status line is due now; if so, records it as written.
    mutating func due() -> Bool {
        let now = Date().timeIntervalSince1970
        guard now - lastWrite >= interval else { return false }
        lastWrite = now
        return true
    }
}
