import Foundation
import ProcessSupport

/// What a child process cost, as measured by `/usr/bin/time` (GNU time).
public struct CommandResult: Sendable {
    /// Exit status (or 128 + signal).
    public var status: Int32
    /// Wall-clock seconds.
    public var wallSeconds: Double
    /// User + system CPU seconds of the process and its children.
    public var cpuSeconds: Double
    /// Peak resident set size in bytes.
    public var peakRSSBytes: UInt64
    /// Captured standard output.
    public var stdout: String
    /// Captured standard error.
    public var stderr: String

    /// CPU use as a percentage of one core (200 % = two cores busy).
    public var cpuPercent: Double { wallSeconds > 0 ? 100 * cpuSeconds / wallSeconds : 0 }
}

/// Runs external programs (restic, borg, aerovault) under `/usr/bin/time`, optionally feeding stdin.
public struct CommandRunner: Sendable {
    /// Folder for captured output and timing files.
    public var workDirectory: URL

    /// - Parameter workDirectory: created if missing.
    public init(workDirectory: URL) throws {
        self.workDirectory = workDirectory
        try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
    }

    /// Runs `arguments[0]` with the rest as arguments.
    ///
    /// - Parameters:
    ///   - environment: added to (and overriding) this process's environment.
    ///   - feed: when given, called with the write end of the child's stdin, which is closed after it
    ///     returns.
    /// - Throws: `BenchError` if the program cannot be started or GNU time's output is missing.
    public func run(
        _ arguments: [String], environment: [String: String] = [:], feed: (@Sendable (FileHandle) -> Void)? = nil
    ) throws -> CommandResult {
        let tag = UUID().uuidString.prefix(8)
        let timeFile = workDirectory.appendingPathComponent("time-\(tag).txt")
        let outFile = workDirectory.appendingPathComponent("out-\(tag).txt")
        let errFile = workDirectory.appendingPathComponent("err-\(tag).txt")
        _ = FileManager.default.createFile(atPath: outFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        defer { [timeFile, outFile, errFile].forEach { try? FileManager.default.removeItem(at: $0) } }

        let command = ["-f", "%e %U %S %M", "-o", timeFile.path] + arguments
        let environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        var stdin = ChildProcess.Stream.null
        var pipeEnds: [Int32] = [-1, -1]
        if feed != nil {
            guard pipe(&pipeEnds) == 0 else { throw BenchError("cannot create a pipe: errno \(errno)") }
            stdin = .descriptor(pipeEnds[0])
        }
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(
                "/usr/bin/time", command, environment: environment, stdin: stdin, stdout: .file(outFile.path),
                stderr: .file(errFile.path))
        } catch {
            if feed != nil { pipeEnds.forEach { close($0) } }
            throw BenchError("cannot start \(arguments.first ?? "?"): \(error)")
        }
        if let feed {
            close(pipeEnds[0])
            let writer = FileHandle(fileDescriptor: pipeEnds[1], closeOnDealloc: false)
            feed(writer)
            close(pipeEnds[1])
        }
        let termination = child.wait()
        let timing = (try? String(contentsOf: timeFile, encoding: .utf8)) ?? ""
        // GNU time may prefix "Command exited with non-zero status N"; the figures are the last line.
        let last = timing.split(separator: "\n").last.map(String.init) ?? ""
        let fields = last.split(separator: " ").compactMap { Double($0) }
        guard fields.count == 4 else {
            throw BenchError("no timing from /usr/bin/time for \(arguments.joined(separator: " ")): \(timing)")
        }
        return CommandResult(
            status: termination.shellStatus, wallSeconds: fields[0], cpuSeconds: fields[1] + fields[2],
            peakRSSBytes: UInt64(fields[3]) * 1024,
            stdout: (try? String(contentsOf: outFile, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errFile, encoding: .utf8)) ?? "")
    }

    /// Runs and throws unless the exit status is 0, quoting the tail of stderr.
    public func check(
        _ arguments: [String], environment: [String: String] = [:], feed: (@Sendable (FileHandle) -> Void)? = nil
    ) throws -> CommandResult {
        let result = try run(arguments, environment: environment, feed: feed)
        guard result.status == 0 else {
            throw BenchError(
                "\(arguments.prefix(3).joined(separator: " ")) exited \(result.status): \(String(result.stderr.suffix(600)))")
        }
        return result
    }

    /// Whether an executable exists on PATH (or at an absolute path).
    public static func which(_ name: String) -> String? {
        if name.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Total bytes of the regular files under `directory` (like `du -sb`, without directory entries).
    public static func directorySize(_ directory: URL) -> UInt64 {
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.fileSizeKey, .isRegularFileKey])
        else { return 0 }
        var total: UInt64 = 0
        for case let url as URL in walker {
            let values = try? url.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey])
            if values?.isRegularFile == true { total += UInt64(values?.fileSize ?? 0) }
        }
        return total
    }
}

/// A benchmark step failed; the message says which and why.
public struct BenchError: Error, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    /// Wraps a message.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
