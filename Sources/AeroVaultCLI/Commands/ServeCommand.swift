import AeroVaultService
import ArgumentParser
import Foundation
import Logging

/// `aerovault serve`: scheduled backups as a service with a REST API, Prometheus metrics and a status
/// page (SPEC.md §19). A thin command: everything runs in `AeroVaultService`.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run backup policies on schedules, with a REST API, /metrics and a status page.",
        discussion: """
            The YAML config (--config) names repositories, clusters and policies (SPEC.md §19); a bad \
            one is refused with its file, line and reason. Jobs run this aerovault executable with --json; \
            jobs of one repository one at a time. Every /v1 call needs "Authorization: Bearer TOKEN" (the first \
            line of --token-file; without it a token is made and written to STATE-DIR/token). SIGTERM or \
            SIGINT interrupts running jobs (a backup keeps its checkpoint), saves the state and exits 0; the \
            next start runs interrupted jobs again. Logs are JSON lines on stderr (or --log-file).

            Endpoints: GET /healthz, GET /metrics, GET / (status page), GET /openapi.yaml, GET /v1/policies, \
            POST /v1/policies/NAME/backup, POST /v1/restores, GET /v1/jobs/ID, GET /v1/snapshots?repository=NAME.
            """)

    @Option(help: ArgumentHelp("The service's YAML configuration.", valueName: "file"))
    var config: String

    @Option(help: ArgumentHelp("Address to listen on (loopback unless told otherwise; port 0 picks one).", valueName: "host:port"))
    var listen = "127.0.0.1:8080"

    @Option(help: ArgumentHelp("File whose first line is the API bearer token.", valueName: "file"))
    var tokenFile: String?

    @Option(help: ArgumentHelp("Directory of the state file (jobs, schedule marks, size history).", valueName: "dir"))
    var stateDir = "aerovault-serve-state"

    @Option(help: ArgumentHelp("Append the JSON log lines to this file instead of stderr.", valueName: "file"))
    var logFile: String?

    func validate() throws { _ = try address() }

    /// `HOST:PORT` or `[IPv6]:PORT`.
    func address() throws -> (host: String, port: Int) {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
            (0...65535).contains(port)
        else { throw ValidationError("--listen \(listen): give HOST:PORT") }
        let host = String(listen[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        guard !host.isEmpty else { throw ValidationError("--listen \(listen): give HOST:PORT") }
        return (host, port)
    }

    func run() async throws {
        let (host, port) = try address()
        let logger = try makeLogger()
        try FileManager.default.createDirectory(atPath: stateDir, withIntermediateDirectories: true)
        let runner = try ServiceRunner(
            options: .init(
                configPath: config, host: host, port: port, token: try ServeToken.read(tokenFile, stateDirectory: stateDir),
                stateDirectory: stateDir, executable: Self.ownExecutable, environment: ProcessInfo.processInfo.environment),
            logger: logger)
        try await Interruption.withSignalHandler({ _ in runner.requestShutdown() }) {
            try await runner.run()
        }
    }

    /// Jobs run this very executable.
    static var ownExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    private func makeLogger() throws -> Logger {
        var fd = STDERR_FILENO
        if let logFile {
            fd = open(logFile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
            guard fd >= 0 else { throw ValidationError("cannot open --log-file \(logFile): errno \(errno)") }
        }
        let output = JSONLogHandler.Output(fd: fd)
        return Logger(label: "aerovault.serve") { JSONLogHandler(label: $0, output: output) }
    }
}
