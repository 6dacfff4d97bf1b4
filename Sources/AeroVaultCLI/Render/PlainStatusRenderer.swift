import Foundation
import Synchronization

/// Progress as plain status lines on stderr, for logs and cron mail (stderr not a terminal and no
/// `--json`), e.g. `progress: 2048/4096 partitions (50.0%), 100000 records, 12.0 MiB, 3.2s, ETA 3.2s`.
/// At most one line per `interval` seconds, plus the final one.
final class PlainStatusRenderer: ProgressRenderer {
    /// The throttle; its lock also keeps lines whole when several tasks write.
    private let throttle: Mutex<StatusThrottle>

    init(interval: Double = 10) {
        self.throttle = Mutex(StatusThrottle(interval: interval))
    }

    func update(_ status: ProgressStatus) {
        throttle.withLock { throttle in
            guard throttle.due() else { return }
            write(Self.line(status))
        }
    }

    func notice(_ type: String, message: String, fields: [String: String]) {
        throttle.withLock { _ in write(ProgressRenderers.noticeLine(type, message: message, fields: fields)) }
    }

    func finish(_ status: ProgressStatus) {
        throttle.withLock { _ in write(Self.line(status)) }
    }

    static func line(_ status: ProgressStatus) -> String {
        "progress: \(status.done)/\(status.total) \(status.unit) (\(status.percentText)), \(status.records) records, "
            + "\(HumanFormat.bytes(status.bytes)), \(HumanFormat.duration(status.secondsElapsed))"
            + (status.etaText.map { ", " + $0 } ?? "")
    }

    private func write(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
