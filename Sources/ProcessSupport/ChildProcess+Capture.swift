#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ChildProcess {
    /// What a finished child printed, and how it ended.
    public struct Captured: Sendable {
        public var termination: Termination
        public var stdout: String
        public var stderr: String
    }

    /// Runs to completion with stdout and stderr captured in temporary files (no pipes: a child that
    /// prints a lot never blocks on a reader, and nothing here watches a descriptor).
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String], stdin: Stream = .null
    ) throws -> Captured {
        let (child, out, err) = try spawnCapturing(executable, arguments, environment: environment, stdin: stdin)
        return Captured(termination: child.wait(), out: out, err: err)
    }

    /// ``run(_:_:environment:stdin:)`` for tasks: waits on a thread of its own (``exit()``), so no
    /// thread of the cooperative pool is held while the child runs.
    public static func runToEnd(
        _ executable: String, _ arguments: [String], environment: [String: String], stdin: Stream = .null
    ) async throws -> Captured {
        let (child, out, err) = try spawnCapturing(executable, arguments, environment: environment, stdin: stdin)
        return Captured(termination: await child.exit(), out: out, err: err)
    }

    private static func spawnCapturing(
        _ executable: String, _ arguments: [String], environment: [String: String], stdin: Stream
    ) throws -> (ChildProcess, TemporaryFile, TemporaryFile) {
        let out = try TemporaryFile(prefix: "child-out")
        let err = try TemporaryFile(prefix: "child-err")
        do {
            let child = try spawn(
                executable, arguments, environment: environment, stdin: stdin, stdout: .file(out.path),
                stderr: .file(err.path))
            return (child, out, err)
        } catch {
            out.remove()
            err.remove()
            throw error
        }
    }
}

extension ChildProcess.Captured {
    /// What the files hold; removes them.
    init(termination: ChildProcess.Termination, out: TemporaryFile, err: TemporaryFile) {
        defer {
            out.remove()
            err.remove()
        }
        self.init(termination: termination, stdout: out.text(), stderr: err.text())
    }
}

/// A file made with `mkstemp` under `$TMPDIR` (or /tmp), for a child's output.
public struct TemporaryFile: Sendable {
    public let path: String

    public init(prefix: String) throws {
        let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(directory)/\(prefix)-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw SpawnError(executable: "(temporary file in \(directory))", errno: errno) }
        close(fd)
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// The file's bytes as UTF-8 text, as far as it is written now ("" if it cannot be read).
    public func text() -> String { String(decoding: Self.read(path), as: UTF8.self) }

    public func remove() { unlink(path) }

    static func read(_ path: String) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            bytes += buffer[0..<n]
        }
        return bytes
    }
}
