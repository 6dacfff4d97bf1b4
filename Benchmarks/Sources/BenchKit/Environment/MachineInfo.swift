import Foundation

/// What the benchmark ran on: core count, CPU model, memory, OS and date (printed in RESULTS.md).
public struct MachineInfo: Codable, Sendable {
    /// `nproc`: online processors.
    public var cores: Int
    /// `model name` from /proc/cpuinfo.
    public var cpuModel: String
    /// MemTotal from /proc/meminfo, in bytes.
    public var memoryBytes: UInt64
    /// Kernel release (uname -r).
    public var kernel: String
    /// UTC date and time the run started, ISO 8601.
    public var date: String
    /// Host name.
    public var host: String

    /// Reads the current machine's facts (Linux /proc; fields fall back to "unknown").
    public static func current() -> MachineInfo {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
        let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        let memKB = meminfo.split(separator: "\n").first { $0.hasPrefix("MemTotal:") }
            .flatMap { $0.split(separator: " ").dropFirst().first }
            .flatMap { UInt64($0) } ?? 0
        var uts = utsname()
        uname(&uts)
        let kernel = withUnsafeBytes(of: &uts.release) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        let formatter = ISO8601DateFormatter()
        return MachineInfo(
            cores: ProcessInfo.processInfo.activeProcessorCount, cpuModel: model, memoryBytes: memKB * 1024,
            kernel: kernel, date: formatter.string(from: Date()), host: ProcessInfo.processInfo.hostName)
    }

    /// The 1-minute load average from /proc/loadavg (other work sharing the cores), or -1.
    public static func loadAverage() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return -1 }
        return text.split(separator: " ").first.flatMap { Double($0) } ?? -1
    }

    /// One line for the report header.
    public var summary: String {
        let gib = Double(memoryBytes) / Double(1 << 30)
        return "\(cores) cores (\(cpuModel)), \(String(format: "%.1f", gib)) GiB RAM, Linux \(kernel), \(date)"
    }
}
