import ArchiveStore
import Foundation

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
    static func read(
        file: String?, fileVariable: String, valueVariable: String?, prompt: String, confirm: Bool = false,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> [UInt8] {
        if let path = file ?? environment[fileVariable].flatMap({ $0.isEmpty ? nil : $0 }) {
            return try fromFile(path)
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
