import ArchiveStore
import ArgumentParser
import Foundation

/// The source repository of `copy`: `--from-repo` and its password, named as restic names them.
struct FromRepositoryOptions: ParsableArguments {
    @Option(
        name: .customLong("from-repo"),
        help: ArgumentHelp("Repository to copy from (default: $AEROVAULT_FROM_REPOSITORY).", valueName: "path"))
    var fromRepo: String?

    @Option(
        name: .customLong("from-password-file"),
        help: ArgumentHelp(
            "File whose first line is the source repository's password (default: $AEROVAULT_FROM_PASSWORD_FILE, "
                + "then $AEROVAULT_FROM_PASSWORD, then a prompt).", valueName: "file"))
    var fromPasswordFile: String?

    @Option(
        name: .customLong("from-password-command"),
        help: ArgumentHelp(
            "Shell command printing the source repository's password (default: $AEROVAULT_FROM_PASSWORD_COMMAND).",
            valueName: "command"))
    var fromPasswordCommand: String?

    func location(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        try RepositoryOptions.location(
            fromRepo, flag: "--from-repo", variable: "AEROVAULT_FROM_REPOSITORY", what: "source repository",
            environment: environment)
    }

    /// Opens the source; its key must permit reading (`action` names the command in the refusal).
    func openRepository(action: String) async throws -> Repository {
        let password = {
            try PasswordSource.read(
                file: fromPasswordFile, fileVariable: "AEROVAULT_FROM_PASSWORD_FILE", command: fromPasswordCommand,
                commandVariable: "AEROVAULT_FROM_PASSWORD_COMMAND", valueVariable: "AEROVAULT_FROM_PASSWORD",
                prompt: "enter password for source repository: ")
        }
        return try await RepositoryOptions.openRepository(
            at: try location(), password: password, access: .read, action: action)
    }
}
