import Foundation
import ProcessSupport
import Testing

/// ChildProcess: posix_spawn + waitpid, the only way this project starts processes
/// (docs/processes-and-signals.md).
@Suite struct ChildProcessTests {
    private let environment = ["PATH": "/usr/bin:/bin"]

    @Test func capturesBothStreamsAndTheExitStatus() throws {
        let run = try ChildProcess.run("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"], environment: environment)
        #expect(run.termination == .exited(3))
        #expect(run.termination.shellStatus == 3)
        #expect(run.stdout == "out\n")
        #expect(run.stderr == "err\n")
    }

    @Test func passesExactlyTheGivenEnvironmentAndArguments() throws {
        let run = try ChildProcess.run(
            "/bin/sh", ["-c", "printf '%s|%s|%s' \"$ONLY\" \"$HOME\" \"$0\"", "arg zero"],
            environment: ["ONLY": "yes"])
        #expect(run.stdout == "yes||arg zero")
    }

    @Test func aSignalEndsTheChildAndIsNotSentAfterReaping() async throws {
        let child = try ChildProcess.spawn("/bin/sleep", ["30"], environment: environment)
        #expect(child.isRunning)
        #expect(child.signal(SIGTERM))
        #expect(await child.exit() == .signalled(SIGTERM))
        #expect(child.wait().shellStatus == 128 + SIGTERM)
        #expect(!child.isRunning)
        #expect(!child.signal(SIGKILL), "a reaped child's pid may belong to another process by now")
    }

    @Test func waitOrKillBoundsTheWait() throws {
        let child = try ChildProcess.spawn("/bin/sleep", ["30"], environment: environment)
        let start = Date()
        #expect(child.wait(orKillAfter: 0.2) == .signalled(SIGKILL))
        #expect(Date().timeIntervalSince(start) < 10)
        let quick = try ChildProcess.spawn("/bin/true", [], environment: environment)
        #expect(quick.wait(orKillAfter: 30) == .exited(0))
    }

    @Test func pollReturnsNilWhileRunning() throws {
        let child = try ChildProcess.spawn("/bin/sleep", ["30"], environment: environment)
        #expect(child.poll() == nil)
        child.signal(SIGKILL)
        #expect(child.wait() == .signalled(SIGKILL))
        #expect(child.poll() == .signalled(SIGKILL))
    }

    /// A descriptor of this process, even one opened without close-on-exec, is closed in the child.
    @Test func noDescriptorLeaksIntoTheChild() throws {
        let fd = open("/dev/null", O_RDONLY)  // deliberately without O_CLOEXEC
        try #require(fd > 2)
        defer { close(fd) }
        let run = try ChildProcess.run(
            "/bin/sh", ["-c", "if [ -e /proc/self/fd/\(fd) ]; then echo leaked; else echo closed; fi"],
            environment: environment)
        #expect(run.stdout == "closed\n")
    }

    /// A signal this process ignores (SIGPIPE, as many servers and test runners do) is back to its
    /// default in the child, and nothing is blocked there.
    @Test func theChildGetsDefaultSignalHandling() throws {
        let previous = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, previous) }
        let run = try ChildProcess.run("/bin/cat", ["/proc/self/status"], environment: environment)
        func mask(_ name: String) -> UInt64? {
            run.stdout.split(separator: "\n").first { $0.hasPrefix(name + ":") }
                .flatMap { UInt64($0.split(separator: "\t").last ?? "", radix: 16) }
        }
        let ignored = try #require(mask("SigIgn"))
        let blocked = try #require(mask("SigBlk"))
        #expect(ignored & (1 << UInt64(SIGPIPE - 1)) == 0)
        #expect(blocked == 0)
    }

    @Test func stdinFromAFileAndOutputToAFile() throws {
        let input = try TemporaryFile(prefix: "child-in")
        let output = try TemporaryFile(prefix: "child-copy")
        defer {
            input.remove()
            output.remove()
        }
        try "hello\n".write(toFile: input.path, atomically: false, encoding: .utf8)
        let child = try ChildProcess.spawn(
            "/bin/cat", [], environment: environment, stdin: .file(input.path), stdout: .file(output.path))
        #expect(child.wait() == .exited(0))
        #expect(output.text() == "hello\n")
    }

    @Test func aMissingExecutableIsAnError() {
        #expect(throws: SpawnError.self) {
            try ChildProcess.spawn("/nonexistent/aerovault", [], environment: environment)
        }
    }
}
