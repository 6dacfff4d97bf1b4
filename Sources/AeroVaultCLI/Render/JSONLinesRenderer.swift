import Foundation
import Synchronization

/// Progress as JSON lines (one object per line, sorted keys), for pipes and `--json`.
///
/// Status lines: `{"message_type":"status","unit":"partitions","done":..,"total":..,"percent_done":..,
/// "records":..,"bytes":..,"seconds_elapsed":..}`, at most once a second plus the final one.
/// Notices: `{"message_type":"<type>","message":"…", <fields>}`. Schema in SPEC.md §14.
final class JSONLinesRenderer: ProgressRenderer {
    /// The throttle; its lock also keeps lines whole when several tasks write.
    private let throttle: Mutex<StatusThrottle>
    private let output: FileHandle

    init(output: FileHandle = .standardError, interval: Double = 1) {
        self.output = output
        self.throttle = Mutex(StatusThrottle(interval: interval))
    }

    func update(_ status: ProgressStatus) {
        throttle.withLock { throttle in
            guard throttle.due() else { return }
            write(Self.statusObject(status))
        }
    }

    func notice(_ type: String, message: String, fields: [String: String]) {
        var object: [String: Any] = ["message_type": type, "message": message]
        for (key, value) in fields { object[key] = value }
        throttle.withLock { _ in write(object) }
    }

    func finish(_ status: ProgressStatus) {
        throttle.withLock { _ in write(Self.statusObject(status)) }
    }

    static func statusObject(_ status: ProgressStatus) -> [String: Any] {
        [
            "message_type": "status", "unit": status.unit, "done": status.done, "total": status.total,
            "percent_done": (status.fractionDone * 1000).rounded() / 10, "records": status.records,
            "bytes": status.bytes, "seconds_elapsed": (status.secondsElapsed * 10).rounded() / 10,
        ]
    }

    /// Serializes one object as a single line.
    static func line(_ object: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    private func write(_ object: [String: Any]) {
        output.write(Data((Self.line(object) + "\n").utf8))
    }
}
