import Foundation

/// This host's clock as the backup engine sees it: injected, so tests run a backup at chosen times and
/// without waiting. It dates the snapshot (its `time`, ordering and display only), times checkpoints
/// and the summary, and paces scan retries. Which records an incremental backup reads never depends on
/// it: that is the cluster's clock (``BackupSource/currentTime(namespace:)``, SPEC.md §14 "backup",
/// "Scan start").
public protocol BackupClock: Sendable {
    /// The current wall-clock time.
    func now() -> Date
    /// Waits `duration` (a scan retry's backoff); throws `CancellationError` when cancelled.
    func sleep(for duration: Duration) async throws
}

/// The system clock and `Task.sleep`.
public struct SystemBackupClock: BackupClock {
    public init() {}

    public func now() -> Date { Date() }

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
