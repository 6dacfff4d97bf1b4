import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGINT and SIGTERM, handled in one place per process (docs/processes-and-signals.md).
///
/// ``install(_:)`` runs once, at the start of `main`: a `sigaction` handler writes the signal's number
/// into a pipe, and a dedicated thread reads it and calls the handler. Nothing is ever uninstalled,
/// cancelled or closed, and no dispatch source is involved, so no teardown can race a delivery.
public enum TerminationSignals {
    private static let installed = Mutex(false)

    /// Installs `handler` for SIGINT and SIGTERM; it runs on a thread of its own, once per delivered
    /// signal. Only the first call in a process installs; later calls return false and change nothing.
    @discardableResult
    public static func install(_ handler: @escaping @Sendable (Int32) -> Void) -> Bool {
        let first = installed.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return false }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { fatalError("TerminationSignals: pipe failed (errno \(errno))") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        _ = fcntl(fds[1], F_SETFL, O_NONBLOCK)  // a full pipe drops a signal rather than block the handler
        signalPipeWriteEnd = fds[1]
        let readEnd = fds[0]
        BlockingThread.start {
            var byte: UInt8 = 0
            while true {
                let n = read(readEnd, &byte, 1)
                if n == 1 { handler(Int32(byte)) } else if n < 0, errno == EINTR { continue } else { return }
            }
        }
        for signal in [SIGINT, SIGTERM] {
            var action = sigaction()
            #if os(Linux)
            action.__sigaction_handler.sa_handler = forwardSignal
            #else
            action.__sigaction_u.__sa_handler = forwardSignal
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(signal, &action, nil)
        }
        return true
    }

    /// The signal's conventional name, for messages.
    public static func name(_ signal: Int32) -> String {
        switch signal {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        default: "signal \(signal)"
        }
    }
}

/// Written once, before the handler is installed; read only by the handler.
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1

/// The `sigaction` handler: async-signal-safe (one `write`, errno preserved).
private func forwardSignal(_ signal: Int32) {
    let saved = errno
    var byte = UInt8(truncatingIfNeeded: signal)
    _ = write(signalPipeWriteEnd, &byte, 1)
    errno = saved
}
