import Foundation
import Synchronization

/// A one-line progress bar redrawn on stderr (a terminal), at most 10 times a second.
final class TerminalProgressBar: ProgressRenderer {
    /// What is on the terminal line; its lock also keeps one writer at a time.
    private struct Screen {
        var lastDraw: Double = 0
        var lastWidth = 0
    }

    private let screen = Mutex(Screen())
    private let width: Int

    init(width: Int = 30) {
        self.width = width
    }

    func update(_ status: ProgressStatus) {
        screen.withLock { screen in
            let now = Date().timeIntervalSince1970
            guard now - screen.lastDraw >= 0.1 else { return }
            screen.lastDraw = now
            draw(status, on: &screen)
        }
    }

    func notice(_ type: String, message: String, fields: [String: String]) {
        screen.withLock { screen in
            clearLine(&screen)
            FileHandle.standardError.write(Data((ProgressRenderers.noticeLine(type, message: message, fields: fields) + "\n").utf8))
        }
    }

    func finish(_ status: ProgressStatus) {
        screen.withLock { screen in
            draw(status, on: &screen)
            FileHandle.standardError.write(Data("\n".utf8))
            screen.lastWidth = 0
        }
    }

    /// The bar text, e.g.
    /// `[#####-----]  50.0% 2048/4096 partitions  100000 records (31250/s)  12.0 MiB  3.2s  ETA 3.2s`.
    static func line(_ status: ProgressStatus, width: Int) -> String {
        let filled = Int((status.fractionDone * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let rate = status.secondsElapsed > 0 ? Int(Double(status.records) / status.secondsElapsed) : 0
        let percent = String(repeating: " ", count: max(0, 6 - status.percentText.count)) + status.percentText
        return "[\(bar)] \(percent) \(status.done)/\(status.total) \(status.unit)  \(status.records) records (\(rate)/s)  "
            + "\(HumanFormat.bytes(status.bytes))  \(HumanFormat.duration(status.secondsElapsed))"
            + (status.etaText.map { "  " + $0 } ?? "")
    }

    private func draw(_ status: ProgressStatus, on screen: inout Screen) {
        let text = Self.line(status, width: width)
        let pad = max(0, screen.lastWidth - text.count)
        FileHandle.standardError.write(Data(("\r" + text + String(repeating: " ", count: pad)).utf8))
        screen.lastWidth = text.count
    }

    private func clearLine(_ screen: inout Screen) {
        guard screen.lastWidth > 0 else { return }
        FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: screen.lastWidth) + "\r").utf8))
        screen.lastWidth = 0
    }
}
