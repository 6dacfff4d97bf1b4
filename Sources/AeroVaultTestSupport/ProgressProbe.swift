import AeroVault
import Foundation

/// A progress sink for tests: counts finished partitions and runs an action once, when the count
/// reaches a threshold (e.g. cancel the backup or kill a node midway).
public final class ProgressProbe: BackupProgress, @unchecked Sendable {
    // @unchecked Sendable: all mutable state is guarded by `lock`.
    private let lock = NSLock()
    private let threshold: Int
    private var action: (@Sendable () -> Void)?
    private var finished = 0
    private var events: [BackupEvent] = []

    public init(after threshold: Int = .max, action: (@Sendable () -> Void)? = nil) {
        self.threshold = threshold
        self.action = action
    }

    /// Sets the action later (e.g. once the task to cancel exists).
    public func setAction(_ action: @escaping @Sendable () -> Void) {
        lock.withLock { self.action = action }
    }

    public func report(_ event: BackupEvent) {
        var fire: (@Sendable () -> Void)?
        lock.withLock {
            events.append(event)
            if case .partitionFinished = event {
                finished += 1
                if finished == threshold {
                    fire = action
                    action = nil
                }
            }
        }
        fire?()
    }

    public var partitionsFinished: Int { lock.withLock { finished } }
    public var allEvents: [BackupEvent] { lock.withLock { events } }
}
