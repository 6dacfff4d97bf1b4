import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The contents of a lock file (SPEC.md §10): who holds it, since when, and whether it is exclusive.
public struct LockInfo: Codable, Sendable, Equatable {
    /// When the lock was created or last refreshed.
    public var time: Date
    public var exclusive: Bool
    public var host: String
    public var pid: Int32
    public var username: String

    /// A lock not refreshed for this long is stale (holders refresh every ``refreshInterval``).
    public static let staleAfter: TimeInterval = 30 * 60
    /// How often a held lock is rewritten with a fresh time.
    public static let refreshInterval: TimeInterval = 5 * 60

    public init(time: Date, exclusive: Bool, host: String, pid: Int32, username: String) {
        self.time = time
        self.exclusive = exclusive
        self.host = host
        self.pid = pid
        self.username = username
    }

    /// A lock for the current process.
    public static func current(exclusive: Bool, now: Date = Date()) -> LockInfo {
        LockInfo(
            time: now, exclusive: exclusive, host: ProcessInfo.processInfo.hostName,
            pid: getpid(), username: ProcessInfo.processInfo.environment["USER"] ?? "")
    }

    /// Whether two locks cannot be held together: any exclusive lock conflicts with every other lock.
    public func conflicts(with other: LockInfo) -> Bool { exclusive || other.exclusive }

    /// Stale: older than ``staleAfter``, or held by a process on this host that no longer exists.
    public func isStale(now: Date = Date(), localHost: String = ProcessInfo.processInfo.hostName) -> Bool {
        if now.timeIntervalSince(time) > Self.staleAfter { return true }
        if host == localHost && pid > 0 {
            return kill(pid, 0) != 0 && errno == ESRCH
        }
        return false
    }

    /// "exclusive lock held by PID 812 on host b1 (user bob) since 2026-11-25 10:02:00 UTC"
    public var summary: String {
        let kind = exclusive ? "exclusive" : "shared"
        let who = username.isEmpty ? "" : " (user \(username))"
        return "\(kind) lock held by PID \(pid) on host \(host)\(who) since \(Self.format(time))"
    }

    /// Formats a date as `yyyy-MM-dd HH:mm:ss UTC` for messages and listings.
    public static func format(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss 'UTC'"
        return formatter.string(from: date)
    }
}
