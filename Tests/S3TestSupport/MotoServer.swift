import Foundation
import ProcessSupport

#if canImport(Glibc)
import Glibc
#endif

/// A `moto_server` (a real S3-protocol server, from `make deps`) on a free loopback port, started by
/// the tests themselves and stopped by ``stop()`` (SPEC.md §6 "S3 backend", tests).
public final class MotoServer: Sendable {
    public let port: Int
    private let child: ChildProcess
    private let log: TemporaryFile

    /// `http://127.0.0.1:PORT`.
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    /// Environment for signing requests to moto (it accepts any key pair).
    public static let credentials = ["AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1"]

    /// Starts moto and waits (at most 60 s) until it accepts connections.
    public init() throws {
        guard let executable = Self.findExecutable("moto_server") else {
            throw TestSupportError("moto_server is not on PATH: run `make deps` (it installs moto[server])")
        }
        port = try FreePort.pick()
        log = try TemporaryFile(prefix: "moto-server")
        child = try ChildProcess.spawn(
            executable, ["-H", "127.0.0.1", "-p", "\(port)"], environment: ProcessInfo.processInfo.environment,
            stdout: .file(log.path), stderr: .file(log.path))
        guard FreePort.waitUntilAccepting(port: port, timeout: 60, while: { self.child.isRunning }) else {
            stop()
            throw TestSupportError("moto_server did not start on port \(port)")
        }
    }

    /// SIGTERM, then SIGKILL after 10 s.
    public func stop() {
        _ = child.signal(SIGTERM)
        _ = child.wait(orKillAfter: 10)
        log.remove()
    }

    static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

public struct TestSupportError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Loopback ports for servers the tests start.
public enum FreePort {
    /// A port the kernel just handed out on 127.0.0.1 (bound, then released).
    public static func pick() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSupportError("socket() failed: errno \(errno)") }
        defer { close(fd) }
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw TestSupportError("bind to a free port failed: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Polls every 50 ms until something accepts TCP connections on `port`, `timeout` passes, or `alive`
    /// turns false; returns whether it accepted.
    public static func waitUntilAccepting(port: Int, timeout: Double, while alive: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, alive() {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = loopback(port: port)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
            close(fd)
            if connected { return true }
            usleep(50_000)
        }
        return false
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
