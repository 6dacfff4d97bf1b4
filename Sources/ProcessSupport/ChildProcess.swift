import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process started with `posix_spawn` and reaped with `waitpid`: no dispatch source, no run
/// loop, no descriptor that anything else watches (docs/processes-and-signals.md).
///
/// The child is reaped only under a lock, and ``signal(_:)`` sends only while it is not yet reaped,
/// so a signal never reaches a process that reused the pid. ``wait()`` blocks with `waitid(WNOWAIT)`
/// first, outside the lock, so a signal can still be sent while another thread waits.
public final class ChildProcess: Sendable {

    /// How the child ended.
    public enum Termination: Equatable, Sendable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)

        /// The exit status, or nil when a signal ended the child.
        public var exitStatus: Int32? {
            if case .exited(let status) = self { return status }
            return nil
        }

        /// Shell convention: the exit status, or 128 + the signal number.
        public var shellStatus: Int32 {
            switch self {
            case .exited(let status): status
            case .signalled(let signal): 128 + signal
            }
        }

        public var description: String {
            switch self {
            case .exited(let status): "exit status \(status)"
            case .signalled(let signal): "signal \(signal)"
            }
        }
    }

    /// Where one of the child's standard streams goes.
    public enum Stream: Sendable {
        /// `/dev/null`.
        case null
        /// The parent's own descriptor (same terminal or file).
        case inherit
        /// A file, created or truncated for writing (or opened for reading, for stdin).
        case file(String)
        /// A descriptor the caller owns; it is duplicated into the child and left open here.
        case descriptor(Int32)
    }

    public let pid: pid_t
    /// Set once the child has been reaped; the lock also orders reaping against ``signal(_:)``.
    private let reaped = Mutex<Termination?>(nil)

    private init(pid: pid_t) { self.pid = pid }

    /// Starts `executable` (an absolute path) with `arguments` (without argv[0]) and exactly `environment`.
    ///
    /// The child gets default dispositions for the signals a parent may ignore (SIGPIPE, SIGINT, …), an
    /// empty signal mask, and no descriptor of this process other than its three streams.
    public static func spawn(
        _ executable: String, _ arguments: [String], environment: [String: String],
        stdin: Stream = .null, stdout: Stream = .inherit, stderr: Stream = .inherit
    ) throws -> ChildProcess {
        var actions = try SpawnActions()
        defer { actions.destroy() }
        try actions.redirect(stdin, to: 0, forWriting: false)
        try actions.redirect(stdout, to: 1, forWriting: true)
        try actions.redirect(stderr, to: 2, forWriting: true)
        actions.closeOthers()
        var attributes = try SpawnAttributes()
        defer { attributes.destroy() }

        let argv = CStringArray([executable] + arguments)
        let envp = CStringArray(environment.map { "\($0.key)=\($0.value)" }.sorted())
        defer {
            argv.free()
            envp.free()
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions.raw, &attributes.raw, argv.pointers, envp.pointers)
        guard rc == 0 else { throw SpawnError(executable: executable, errno: rc) }
        return ChildProcess(pid: pid)
    }

    /// Blocks until the child has ended and reaps it; later calls return the same answer at once.
    public func wait() -> Termination {
        if let known = reaped.withLock({ $0 }) { return known }
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0, errno == EINTR {}
        return reaped.withLock { Self.reap(pid, into: &$0, blocking: true)! }
    }

    /// Waits at most `seconds` (polling every 5 ms); a child still running then gets SIGKILL. For tests
    /// and tools that must never hang on a child that ignored its signal.
    public func wait(orKillAfter seconds: Double) -> Termination {
        var left = Int(seconds * 200)
        while left > 0, poll() == nil {
            usleep(5_000)
            left -= 1
        }
        if poll() == nil { signal(SIGKILL) }
        return wait()
    }

    /// Waits on a thread of its own, so no task of the cooperative pool blocks in `waitpid`.
    public func exit() async -> Termination {
        if let known = reaped.withLock({ $0 }) { return known }
        return await withCheckedContinuation { continuation in
            BlockingThread.start { continuation.resume(returning: self.wait()) }
        }
    }

    /// ``wait(orKillAfter:)`` on a thread of its own, for tasks: no thread of the cooperative pool is
    /// held while the child runs.
    public func exit(orKillAfter seconds: Double) async -> Termination {
        if let known = reaped.withLock({ $0 }) { return known }
        return await withCheckedContinuation { continuation in
            BlockingThread.start { continuation.resume(returning: self.wait(orKillAfter: seconds)) }
        }
    }

    /// The termination if the child has ended (reaping it), nil while it runs.
    public func poll() -> Termination? {
        reaped.withLock { Self.reap(pid, into: &$0, blocking: false) }
    }

    /// Whether the child is still running (does not reap it).
    public var isRunning: Bool {
        reaped.withLock { termination in
            guard termination == nil else { return false }
            var info = siginfo_t()
            return waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info._sifields._sigchld.si_pid == 0
        }
    }

    /// Sends `signal` unless the child has already been reaped; returns whether it was sent.
    @discardableResult
    public func signal(_ signal: Int32) -> Bool {
        reaped.withLock { $0 == nil && kill(pid, signal) == 0 }
    }

    private static func reap(_ pid: pid_t, into termination: inout Termination?, blocking: Bool) -> Termination? {
        if let termination { return termination }
        var status: Int32 = 0
        var rc: pid_t
        repeat { rc = waitpid(pid, &status, blocking ? 0 : WNOHANG) } while rc < 0 && errno == EINTR
        guard rc == pid else { return nil }
        let low = status & 0x7f
        let ended: Termination = low == 0 ? .exited((status >> 8) & 0xff) : .signalled(low)
        termination = ended
        return ended
    }
}

/// `posix_spawn` failed; `errno` says why (missing file, not executable, …).
public struct SpawnError: Error, CustomStringConvertible {
    public let executable: String
    public let errno: Int32
    public var description: String { "cannot start \(executable): \(String(cString: strerror(errno)))" }
}
