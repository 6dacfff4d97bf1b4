import AeroVault
import AerospikeWire
import ArgumentParser
import Foundation

/// Cluster connection flags shared by `backup`, `restore` and `verify`: one option group, so the
/// three commands spell and check them the same way.
///
/// The cluster password never comes from argv: `--password-env VAR` names an environment variable,
/// and `AEROVAULT_CLUSTER_PASSWORD` is used when `--user` is given without it. TLS flags use asbackup's
/// names (`--tls-enable`, `--tls-name`, `--tls-cafile`, `--tls-certfile`, `--tls-keyfile`); there is no
/// key password flag (an encrypted key file is refused with a message saying how to decrypt it).
struct ClusterOptions: ParsableArguments {
    @Option(
        name: .customLong("host"),
        help: ArgumentHelp(
            "Seed node as HOST[:TLSNAME]:PORT (port 3000 if omitted; TLSNAME for --tls-enable); repeat for more seeds.",
            valueName: "host:port"))
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

    @OptionGroup var tls: TLSOptions

    /// A parsed seed address.
    struct Seed: Equatable {
        var host: String
        var port: Int
        /// The `TLSNAME` of a `HOST:TLSNAME:PORT` seed.
        var tlsName: String? = nil
    }

    mutating func validate() throws {
        let seeds = try seeds()
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        if passwordEnv != nil, user == nil { throw ValidationError("--password-env needs --user") }
        if !tls.enable, let seed = seeds.first(where: { $0.tlsName != nil }) {
            throw ValidationError("--host \(seed.host):\(seed.tlsName ?? ""):\(seed.port) names a TLS name; add --tls-enable")
        }
    }

    /// The seeds from `--host`, each `HOST`, `HOST:PORT` or `[IPv6]:PORT`.
    func seeds() throws -> [Seed] {
        try hosts.map(Self.parseSeed)
    }

    /// Parses `HOST`, `HOST:PORT`, `HOST:TLSNAME:PORT`, `[IPv6]`, `[IPv6]:PORT` or `[IPv6]:TLSNAME:PORT`
    /// (asbackup's seed syntax).
    static func parseSeed(_ text: String) throws -> Seed {
        var host = text
        var rest = Substring("")
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = String(text[text.index(after: text.startIndex)..<close])
            rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { throw ValidationError("cannot read --host \(text)") }
                rest = rest.dropFirst()
            }
        } else if let colon = text.firstIndex(of: ":") {
            host = String(text[..<colon])
            rest = text[text.index(after: colon)...]
        }
        var tlsName: String?
        var port = 3000
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
        switch parts.count {
        case 0: break
        case 1: port = try portNumber(parts[0], in: text)
        case 2:
            guard !parts[0].isEmpty else { throw ValidationError("empty TLS name in --host \(text)") }
            tlsName = String(parts[0])
            port = try portNumber(parts[1], in: text)
        default: throw ValidationError("cannot read --host \(text); use HOST:PORT or HOST:TLSNAME:PORT")
        }
        guard !host.isEmpty else { throw ValidationError("empty host name in --host \(text)") }
        guard (1...65535).contains(port) else { throw ValidationError("port \(port) in --host \(text) is out of range") }
        return Seed(host: host, port: port, tlsName: tlsName)
    }

    private static func portNumber(_ text: Substring, in argument: String) throws -> Int {
        guard let port = Int(text) else {
            throw ValidationError("bad port in --host \(argument); use HOST:PORT or HOST:TLSNAME:PORT")
        }
        return port
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
    /// Connects with the flags' seeds, user, timeout and TLS settings (clear errors for unreachable,
    /// refused and TLS failures). `--host` is checked here, not in `validate()`, so `restore --dry-run`
    /// runs without it.
    func connect() async throws -> Cluster {
        guard !hosts.isEmpty else { throw ValidationError("give at least one --host HOST:PORT") }
        let seeds = try self.seeds().map { Host($0.host, $0.port, tlsName: $0.tlsName) }
        let config = ClusterConfig(
            seeds: seeds, user: user, password: try password(),
            socketTimeout: .milliseconds(Int64(timeout * 1000)), tls: tls.config)
        return try await BackupEngine.connect(config)
    }
}
