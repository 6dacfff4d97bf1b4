import AeroVault
import ArchiveStore
import ArgumentParser
import Foundation

/// The one place mapping errors to process exit codes (SPEC.md §14 "Exit codes").
///
/// Commands throw domain errors; ``AeroVaultCommand/main()`` hands them here.
enum ExitStatus: Int32, CaseIterable {
    case success = 0
    case failure = 1
    /// Finished, but some records or files were skipped (named in the summary).
    case partial = 3
    case noRepository = 10
    case lockFailed = 11
    /// No intact key file opens with the password (a damaged one is `.failure`, SPEC.md §3).
    case wrongPassword = 12
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
          64   usage error (unknown flag, bad or missing argument)
          130  interrupted
        """

    /// The exit status for an error thrown by a command.
    static func of(_ error: any Error) -> ExitStatus {
        if let error = error as? ArchiveStoreError {
            switch error.code {
            case .noRepository: return .noRepository
            case .locked: return .lockFailed
            case .wrongPassword: return .wrongPassword
            default: return .failure
            }
        }
        if let error = error as? AeroVaultError, error.code == .cancelled { return .interrupted }
        if error is PartialSuccess { return .partial }
        if error is CancellationError { return .interrupted }
        return .failure
    }

    /// Prints `error` (plain text, or a JSON object when `json`) to stderr and exits with its status.
    /// ArgumentParser's own errors keep ArgumentParser's handling: `--help` and `--version` exit 0,
    /// usage errors exit ``usage`` (64).
    static func exit(with error: any Error, json: Bool, command: ParsableCommand.Type) -> Never {
        if error is ArchiveStoreError || error is PartialSuccess || error is CancellationError || error is AeroVaultError {
            let status = of(error)
            let message = "\(error)"
            if json {
                let object: [String: Any] = ["message_type": "exit_error", "code": Int(status.rawValue), "message": message]
                let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
                FileHandle.standardError.write(data + Data("\n".utf8))
            } else {
                FileHandle.standardError.write(Data("aerovault: \(message)\n".utf8))
            }
            Foundation.exit(status.rawValue)
        }
        command.exit(withError: error)
    }
}

/// Thrown by a command that finished its work but skipped something; maps to exit status 3.
struct PartialSuccess: Error, CustomStringConvertible {
    var description: String
}
