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

/// Chooses the renderer: nothing with `--quiet`, JSON lines with `--json` or when stderr is not a
/// terminal, else the progress bar.
enum ProgressRenderers {
    static func make(json: Bool, quiet: Bool) -> any ProgressRenderer {
        if quiet { return SilentRenderer() }
        if json || isatty(STDERR_FILENO) == 0 { return JSONLinesRenderer() }
        return TerminalProgressBar()
    }
}
