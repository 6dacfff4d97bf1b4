import Foundation
import Synchronization

/// The mechanism every progress adapter shares: one ``ProgressStatus`` under a lock, stamped with
/// the elapsed time and handed to a ``ProgressRenderer`` on each change. The adapters
/// (``BackupProgressAdapter``, ``RestoreProgressAdapter``) only map their engine's events onto it.
final class ProgressTracker: Sendable {
    private let renderer: any ProgressRenderer
    private let started = Date()
    private let status: Mutex<ProgressStatus>

    init(renderer: any ProgressRenderer, unit: String) {
        self.renderer = renderer
        self.status = Mutex(ProgressStatus(unit: unit))
    }

    /// Changes the status and shows the result (renderers throttle themselves).
    func update(_ body: (inout ProgressStatus) -> Void) {
        renderer.update(mutate(body))
    }

    /// Shows a notice that must not be lost (warning, per-record error).
    func notice(_ type: String, message: String, fields: [String: String] = [:]) {
        renderer.notice(type, message: message, fields: fields)
    }

    /// Draws the final status line.
    func finish() {
        renderer.finish(mutate { _ in })
    }

    private func mutate(_ body: (inout ProgressStatus) -> Void) -> ProgressStatus {
        status.withLock { status in
            body(&status)
            status.secondsElapsed = Date().timeIntervalSince(started)
            return status
        }
    }
}
