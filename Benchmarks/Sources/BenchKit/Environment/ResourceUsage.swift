import Foundation

/// CPU time and memory of this process, from getrusage and /proc/self/statm.
public struct ResourceUsage: Sendable {
    /// User CPU seconds.
    public var userSeconds: Double
    /// System CPU seconds.
    public var systemSeconds: Double
    /// Peak resident set size in bytes (ru_maxrss).
    public var peakRSSBytes: UInt64

    /// The calling process's usage so far.
    public static func ofSelf() -> ResourceUsage {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return ResourceUsage(
            userSeconds: Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6,
            systemSeconds: Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6,
            peakRSSBytes: UInt64(usage.ru_maxrss) * 1024)
    }

    /// Total CPU seconds (user + system).
    public var cpuSeconds: Double { userSeconds + systemSeconds }

    /// The current resident set size of this process in bytes (not the peak).
    public static func currentRSSBytes() -> UInt64 {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = UInt64(fields[1]) else { return 0 }
        return pages * UInt64(sysconf(Int32(_SC_PAGESIZE)))
    }
}

/// Monotonic wall-clock timing.
public enum Stopwatch {
    /// Seconds taken by `body`, with its result.
    public static func time<T>(_ body: () throws -> T) rethrows -> (seconds: Double, value: T) {
        let start = DispatchTime.now().uptimeNanoseconds
        let value = try body()
        return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, value)
    }

    /// Seconds taken by the async `body`, with its result.
    public static func time<T>(_ body: () async throws -> T) async rethrows -> (seconds: Double, value: T) {
        let start = DispatchTime.now().uptimeNanoseconds
        let value = try await body()
        return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, value)
    }
}
