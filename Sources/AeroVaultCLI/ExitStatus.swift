import AeroVault
import AerospikeWire
import ArchiveStore
import ArgumentParser
import Foundation

/// The one place mapping errors and outcomes to process exit codes (SPEC.md §14 "Exit codes"; the
/// table there lists exactly these cases, checked by `ExitStatusSpecTests`).
///
/// Commands throw domain errors, and turn an engine's typed outcome into one with the functions of
/// `ExitStatus+Outcome.swift`; ``AeroVaultCommand/main()`` hands whatever a command throws to
/// ``exit(with:json:command:)``.
enum ExitStatus: Int32, CaseIterable {
    case success = 0
    case failure = 1
    /// Finished, but some records or files were skipped (named in the summary).
    case partial = 3
    case noRepository = 10
    case lockFailed = 11
    /// No intact key file opens with the password (a damaged one is `.failure`, SPEC.md §3).
    case wrongPassword = 12
    /// The key's role does not permit the command (SPEC.md §3 "Roles", §14 "Roles").
    case roleRefused = 13
    /// A usage error: unknown flag, bad or missing argument (ArgumentParser's `ValidationError`,
    /// printed with the usage line by ArgumentParser itself; the value is BSD's `EX_USAGE`).
    case usage = 64
    case interrupted = 130

    /// The text every command's help ends with.
    static let helpText = """
        EXIT STATUS
          0    success
          1    error (a damaged key file included: it is named)
          3    finished, but some records or files were skipped
          10   repository does not exist
          11   repository is locked
          12   wrong password (every key file intact) or no key file
          13   the key's role does not permit this command
          64   usage error (unknown flag, bad or missing argument)
          130  interrupted
        """

    /// The exit status for any error a command throws.
    static func of(_ error: any Error) -> ExitStatus {
        switch error {
        case let error as ArchiveStoreError: return of(error.code)
        case let error as AeroVaultError: return of(error.code)
        // Cluster failures the engines did not turn into an AeroVaultError (a node dying mid-command).
        case is WireError: return .failure
        case is PartialSuccess: return .partial
        case is CancellationError: return .interrupted
        case is ValidationError: return .usage
        default: return .failure
        }
    }

    static func of(_ code: ArchiveStoreError.Code) -> ExitStatus {
        switch code {
        case .noRepository: return .noRepository
        case .locked: return .lockFailed
        case .wrongPassword: return .wrongPassword
        case .roleRefused: return .roleRefused
        default: return .failure
        }
    }

    /// Every engine error is an error (1), except an interrupted run (130). Exhaustive on purpose: a
    /// new code must be placed here.
    static func of(_ code: AeroVaultError.Code) -> ExitStatus {
        switch code {
        case .cancelled: return .interrupted
        case .invalidArgument, .notFound, .corrupted, .recordsFailed, .partitionsFailed, .mismatch, .cluster,
            .clusterUnreachable, .authentication, .permission, .namespaceNotFound, .scanFailed, .io:
            return .failure
        }
    }

    /// What is printed to stderr for `error`: `aerovault: <message>`, or with `--json` the object
    /// `{"code":N,"message":"…","message_type":"exit_error"}` (SPEC.md §14 "Errors").
    static func errorLine(for error: any Error, json: Bool) -> String {
        let message = (error as? ValidationError)?.message ?? "\(error)"
        guard json else { return "aerovault: \(message)" }
        let object: [String: Any] = ["message_type": "exit_error", "code": Int(of(error).rawValue), "message": message]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// Prints `error` (see ``errorLine(for:json:)``) and exits with its status. ArgumentParser's own
    /// errors keep its handling: `--help` and `--version` exit 0, parse errors and usage errors print
    /// the usage line and exit 64 (``usage``) — except a usage error thrown by a run under `--json`,
    /// which gets the JSON object like every other error.
    static func exit(with error: any Error, json: Bool, command: ParsableCommand.Type) -> Never {
        if isArgumentParserError(error), !(json && error is ValidationError) {
            command.exit(withError: error)
        }
        FileHandle.standardError.write(Data((errorLine(for: error, json: json) + "\n").utf8))
        Foundation.exit(of(error).rawValue)
    }
}

extension ExitStatus {
    /// True for errors of ArgumentParser itself: `ValidationError`, `ExitCode`, `CleanExit`, and the
    /// internal `CommandError` that parsing and `--help` (a `HelpCommand` run) throw, which no public
    /// type names — hence the module name.
    static func isArgumentParserError(_ error: any Error) -> Bool {
        error is ValidationError || error is ExitCode || error is CleanExit
            || String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
    }
}

/// Thrown by a command that finished its work but skipped something; maps to exit status 3.
struct PartialSuccess: Error, CustomStringConvertible {
    var description: String
}
