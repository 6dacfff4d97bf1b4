import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// Everything `aerovault serve` starts (SPEC.md §19): the job center with its state file, the
/// scheduler loop and the HTTP server, in one swift-service-lifecycle group. ``requestShutdown()``
/// (the command calls it on SIGTERM/SIGINT) shuts the group down gracefully: the server stops, running
/// jobs are interrupted and waited for, the state is saved, and ``run()`` returns.
public final class ServiceRunner: Sendable {
    public struct Options: Sendable {
        public var configPath: String
        public var host: String
        public var port: Int
        public var token: String
        public var stateDirectory: String
        /// The `aerovault` executable jobs run.
        public var executable: String
        public var environment: [String: String]

        public init(
            configPath: String, host: String, port: Int, token: String, stateDirectory: String, executable: String,
            environment: [String: String]
        ) {
            self.configPath = configPath
            self.host = host
            self.port = port
            self.token = token
            self.stateDirectory = stateDirectory
            self.executable = executable
            self.environment = environment
        }
    }

    let options: Options
    let config: ServiceConfig
    let logger: Logger
    private let group = Mutex<ServiceGroup?>(nil)
    private let shutdownRequested = Mutex(false)

    /// Reads the configuration (a bad one throws ``ConfigError``).
    public init(options: Options, logger: Logger) throws {
        self.options = options
        self.logger = logger
        config = try ConfigParser.load(path: options.configPath)
    }

    public func run() async throws {
        try FileManager.default.createDirectory(atPath: options.stateDirectory, withIntermediateDirectories: true)
        let store = StateStore(directory: options.stateDirectory)
        let metrics = ServiceMetrics(policies: Array(config.policies.keys), repositories: Array(config.repositories.keys))
        let runner = ChildRunner(
            executable: options.executable, environment: options.environment, config: config, logger: logger)
        let center = JobCenter(
            config: config, state: try store.load(), store: store, runner: runner, metrics: metrics, logger: logger,
            clock: { Int64(Date().timeIntervalSince1970) })
        let api = ServiceAPI(
            center: center, config: config, token: options.token, metrics: metrics,
            listSnapshots: { await runner.listSnapshots(repository: $0) })
        let logger = self.logger
        let host = options.host
        let app = Application(
            router: api.router(),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "aerovault"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                logger.info("listening", metadata: ["address": "\(host):\(port)"])
            }, logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: ScheduleService(center: center)), .init(service: app)], logger: logger))
        let requested = self.group.withLock { stored in
            stored = group
            return shutdownRequested.withLock { $0 }
        }
        if requested { await group.triggerGracefulShutdown() }
        try await group.run()
        logger.info("stopped")
    }

    /// Graceful shutdown, also when asked before ``run()`` has built the group.
    public func requestShutdown() {
        let group = self.group.withLock { group in
            shutdownRequested.withLock { $0 = true }
            return group
        }
        logger.info("shutting down: interrupting running jobs")
        if let group { Task { await group.triggerGracefulShutdown() } }
    }
}
