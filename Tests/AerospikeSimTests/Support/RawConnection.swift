import AerospikeWire
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A blocking 127.0.0.1 TCP connection for tests: sends raw bytes or frames, reads whole frames.
/// Every read has a 5-second timeout, so a test never hangs.
final class RawConnection {
    private let fd: Int32

    /// Connects to 127.0.0.1:port; throws if nothing listens there.
    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket() failed") }
        var tv = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            close(fd)
            throw TestFailure("connect to 127.0.0.1:\(port) failed")
        }
    }

    deinit { close(fd) }

    /// Sends raw bytes.
    func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw TestFailure("send failed") }
            sent += n
        }
    }

    /// Sends one frame.
    func send(_ frame: WireFrame) throws { try send(frame.encoded()) }

    private func readExactly(_ count: Int) throws -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = out[got...].withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { return nil }
            guard n > 0 else { throw TestFailure("recv failed or timed out (errno \(errno))") }
            got += n
        }
        return out
    }

    /// Reads one frame; nil if the server closed the connection.
    func readFrame() throws -> WireFrame? {
        guard let header = try readExactly(8) else { return nil }
        let (type, size) = try WireFrame.parseHeader(header)
        guard let body = try readExactly(size) else { return nil }
        return try WireFrame(type: type, body: body).inflated()
    }

    /// Sends a request and reads the single reply message.
    func roundTrip(_ m: AsMessage) throws -> AsMessage {
        try send(m.frame())
        guard let f = try readFrame() else { throw TestFailure("connection closed") }
        return try AsMessage.decodeSingle(f.body)
    }

    /// Reads messages until INFO3_LAST (bounded by `maxFrames`).
    func readStream(maxFrames: Int = 10_000) throws -> [AsMessage] {
        var out: [AsMessage] = []
        for _ in 0..<maxFrames {
            guard let f = try readFrame() else { throw TestFailure("connection closed mid-stream") }
            let msgs = try AsMessage.decodeAll(f.body)
            out += msgs
            if msgs.contains(where: { $0.isLast }) { return out }
        }
        throw TestFailure("no LAST message after \(maxFrames) frames")
    }

    /// Sends info commands and returns command → value.
    func info(_ commands: String...) throws -> [String: String] {
        try send(InfoCodec.request(commands))
        guard let f = try readFrame() else { throw TestFailure("connection closed") }
        var out: [String: String] = [:]
        for (k, v) in InfoCodec.parseResponse(f.body) { out[k] = v }
        return out
    }

    /// True if the server closed the connection (reads EOF) within the timeout.
    func isClosedByPeer() -> Bool {
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, 0) == 0
    }
}

/// A test helper failure with a message.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
