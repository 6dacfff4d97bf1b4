import AeroVault
import AerospikeWire
import ArgumentParser
import Foundation

/// Cluster connection flags shared by `backup`, `restore` and `verify` (style rule 16).
///
/// The cluster password never comes from argv: `--password-env VAR` names an environment variable,
/// and `AEROVAULT_CLUSTER_PASSWORD` is used when `--user` is given without it.
struct ClusterOptions: ParsableArguments {
    @Option(
        name: .customLong("host"),
        help: ArgumentHelp("Seed node as HOST:PORT (port 3000 if omitted); repeat for more seeds.", valueName: "host:port"))
    var hosts: [String] = []

    @Option(help: "Namespace to work on.")
    var namespace: String

    @Option(name: .customLong("set"), help: ArgumentHelp("Only this set; repeat for several (default: all sets).", valueName: "set"))
    var sets: [String] = []

    @Option(help: "Cluster user name (clusters with security enabled).")
    var user: String?

    @Option(
        help: ArgumentHelp(
            "Environment variable holding the cluster password (default: $AEROVAULT_CLUSTER_PASSWORD).",
            valueName: "VAR"))
    var passwordEnv: String?

    @Option(help: ArgumentHelp("Socket timeout for cluster requests, in seconds.", valueName: "seconds"))
    var timeout: Double = 10

    /// A parsed seed address.
    struct Seed: Equatable {
        var host: String
        var port: Int
    }

    mutating func validate() throws {
        _ = try seeds()
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        if passwordEnv != nil, user == nil { throw ValidationError("--password-env needs --user") }
    }

    /// The seeds from `--host`, each `HOST`, `HOST:PORT` or `[IPv6]:PORT`.
    func seeds() throws -> [Seed] {
        try hosts.map(Self.parseSeed)
    }

    static func parseSeed(_ text: String) throws -> Seed {
        var host = text
        var port = 3000
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if rest.hasPrefix(":") {
                guard let p = Int(rest.dropFirst()) else { throw ValidationError("bad port in --host \(text)") }
                port = p
            } else if !rest.isEmpty {
                throw ValidationError("cannot read --host \(text)")
            }
        } else if let colon = text.lastIndex(of: ":") {
            host = String(text[..<colon])
            guard let p = Int(text[text.index(after: colon)...]) else {
                throw ValidationError("bad port in --host \(text); use HOST:PORT")
            }
            port = p
        }
        guard !host.isEmpty else { throw ValidationError("empty host name in --host \(text)") }
        guard (1...65535).contains(port) else { throw ValidationError("port \(port) in --host \(text) is out of range") }
        return Seed(host: host, port: port)
    }

    /// The cluster password when `--user` is given: from `--password-env`'s variable, else
    /// `AEROVAULT_CLUSTER_PASSWORD`. Throws a ``ValidationError`` naming the missing variable.
    func password(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String? {
        guard user != nil else { return nil }
        let variable = passwordEnv ?? "AEROVAULT_CLUSTER_PASSWORD"
        guard let value = environment[variable], !value.isEmpty else {
            throw ValidationError("--user is given but $\(variable) is not set; put the cluster password there")
        }
        return value
    }
}

extension ClusterOptions {
    /// Connects with the flags' seeds, user and timeout (clear errors for unreachable / refused).
    /// `--host` is checked here, not in `validate()`, so `restore --dry-run` runs without it.
    func connect() async throws -> Cluster {
        guard !hosts.isEmpty else { throw ValidationError("give at least one --host HOST:PORT") }
        let seeds = try self.seeds().map { Host($0.host, $0.port) }
        return try await BackupEngine.connect(
            ClusterConfig(
                seeds: seeds, user: user, password: try password(),
                socketTimeout: .milliseconds(Int64(timeout * 1000))))
    }
}
