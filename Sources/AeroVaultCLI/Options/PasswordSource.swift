import ArchiveStore
import Foundation
import ProcessSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads passwords from a file, the environment or the terminal — never from argv.
enum PasswordSource {
    /// - Parameters:
    ///   - file: explicit `--…-password-file` value, first in precedence.
    ///   - fileVariable: environment variable naming a password file.
    ///   - valueVariable: environment variable holding the password itself (nil: not accepted).
    ///   - prompt: shown on the terminal when nothing else is given.
    ///   - confirm: ask twice on a terminal and require both to match.
    ///   - command: explicit `--…-password-command` value (restic's flag); given with `file`, refused.
    ///   - commandVariable: environment variable holding such a command, after `fileVariable`.
    static func read(
        file: String?, fileVariable: String, command: String? = nil, commandVariable: String? = nil,
        valueVariable: String?, prompt: String, confirm: Bool = false,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> [UInt8] {
        if file != nil, command != nil {
            throw ArchiveStoreError(.invalidArgument, "give a password file or a password command, not both")
        }
        if let file { return try fromFile(file) }
        if let command { return try fromCommand(command, environment: environment) }
        if let path = environment[fileVariable].flatMap({ $0.isEmpty ? nil : $0 }) {
            return try fromFile(path)
        }
        if let commandVariable, let command = environment[commandVariable], !command.isEmpty {
            return try fromCommand(command, environment: environment)
        }
        if let valueVariable, let value = environment[valueVariable] {
            return try nonEmpty(Array(value.utf8), source: "$\(valueVariable)")
        }
        guard isatty(STDIN_FILENO) != 0 else {
            throw ArchiveStoreError(
                .invalidArgument,
                "no password given and stdin is not a terminal: use --password-file or $\(fileVariable)")
        }
        let first = try fromTerminal(prompt)
        if confirm, try fromTerminal("enter the password again: ") != first {
            throw ArchiveStoreError(.invalidArgument, "the passwords do not match")
        }
        return first
    }

    private static func fromFile(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ArchiveStoreError(.invalidArgument, "cannot read password file \(path)")
        }
        var line = Array(data.prefix { $0 != UInt8(ascii: "\n") })
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        return try nonEmpty(line, source: "password file \(path)")
    }

    /// The first line `command` prints, run by `/bin/sh -c` with this process's stdin and stderr (so a
    /// password manager can ask on the terminal). Its stdout comes through a pipe, never a file; at most
    /// 64 KiB are read. - Throws: `.invalidArgument` when it cannot start, fails, or prints nothing.
    static func fromCommand(_ command: String, environment: [String: String]) throws -> [UInt8] {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            throw ArchiveStoreError(.invalidArgument, "cannot run the password command: \(String(cString: strerror(errno)))")
        }
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(
                "/bin/sh", ["-c", command], environment: environment, stdin: .inherit, stdout: .descriptor(ends[1]),
                stderr: .inherit)
        } catch {
            close(ends[0])
            close(ends[1])
            throw ArchiveStoreError(.invalidArgument, "cannot run the password command: \(error)")
        }
        close(ends[1])
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while output.count < 65_536 {
            let count = buffer.withUnsafeMutableBytes { raw in
                #if canImport(Glibc)
                Glibc.read(ends[0], raw.baseAddress, raw.count)
                #else
                Darwin.read(ends[0], raw.baseAddress, raw.count)
                #endif
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            output += buffer[0..<count]
        }
        close(ends[0])
        let termination = child.wait()
        guard termination == .exited(0) else {
            throw ArchiveStoreError(.invalidArgument, "the password command failed (\(termination))")
        }
        var line = Array(output.prefix { $0 != UInt8(ascii: "\n") })
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        return try nonEmpty(line, source: "the password command")
    }

    /// Asks on the terminal (asbackup's `-P`).
    /// - Throws: `.invalidArgument` when stdin is not a terminal, with `instead` saying what to use then.
    static func prompt(_ prompt: String, instead: String) throws -> [UInt8] {
        guard isatty(STDIN_FILENO) != 0 else {
            throw ArchiveStoreError(.invalidArgument, "cannot ask for the password: stdin is not a terminal; \(instead)")
        }
        return try fromTerminal(prompt)
    }

    private static func fromTerminal(_ prompt: String) throws -> [UInt8] {
        guard let raw = getpass(prompt) else {
            throw ArchiveStoreError(.invalidArgument, "cannot read a password from the terminal")
        }
        let bytes = Array(String(cString: raw).utf8)
        memset(raw, 0, strlen(raw))
        return try nonEmpty(bytes, source: "terminal")
    }

    private static func nonEmpty(_ password: [UInt8], source: String) throws -> [UInt8] {
        guard !password.isEmpty else { throw ArchiveStoreError(.invalidArgument, "empty password from \(source)") }
        return password
    }
}
