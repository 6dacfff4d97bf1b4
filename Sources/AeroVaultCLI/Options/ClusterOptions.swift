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
    // Short names are asbackup's (-h -p -n -s -U -P), so commands that include these options ask for
    // help with --help only (SPEC.md §14 "Cluster connection flags").
    @Option(
        name: [.customLong("host"), .customShort("h")],
        help: ArgumentHelp(
            "Seed nodes as HOST[:TLSNAME][:PORT][,…] (port from --port, else 3000; TLSNAME for --tls-enable); "
                + "repeatable.",
            valueName: "host[:port][,…]"))
    var hosts: [String] = []

    @Option(
        name: [.customLong("port"), .customShort("p")],
        help: ArgumentHelp("Port of seeds given without one (default 3000).", valueName: "port"))
    var port: Int?

    @Option(
        name: [.customLong("namespace"), .customShort("n")],
        help: "Namespace to work on (required, except by `backup --finish`, which takes the run's).")
    var namespace: String?

    /// `--namespace`, which every cluster command but `backup --finish` needs; checked in `validate()`.
    func requiredNamespace() throws -> String {
        guard let namespace else { throw ValidationError("Missing expected argument '--namespace <namespace>'") }
        return namespace
    }

    @Option(
        name: [.customLong("set"), .customShort("s")],
        help: ArgumentHelp("Only these sets, comma-separated; repeatable (default: all sets).", valueName: "set[,…]"))
    var setLists: [String] = []

    @Option(name: [.customLong("user"), .customShort("U")], help: "Cluster user name (clusters with security enabled).")
    var user: String?

    @Flag(
        name: [.customLong("prompt-password"), .customShort("P")],
        help: "Ask for the cluster password on the terminal (needs --user).")
    var promptPassword = false

    @Option(
        name: [.customLong("auth"), .customShort("A")],
        help: ArgumentHelp(
            "Login mode: INTERNAL (default), EXTERNAL (LDAP users: the password is also sent clear, use TLS) or "
                + "PKI (the TLS client certificate's user; no --user).",
            valueName: "mode"))
    var auth: String = AuthMode.internal.rawValue

    /// `--auth` as the wire client's mode; a usage error names the modes.
    func authMode() throws -> AuthMode {
        guard let mode = AuthMode(rawValue: auth.uppercased()) else {
            throw ValidationError("--auth \(auth) is not a login mode; use INTERNAL, EXTERNAL or PKI")
        }
        return mode
    }

    @Option(
        help: ArgumentHelp(
            "Environment variable holding the cluster password (default: $AEROVAULT_CLUSTER_PASSWORD).",
            valueName: "VAR"))
    var passwordEnv: String?

    @Option(help: ArgumentHelp("Socket timeout for cluster requests, in seconds.", valueName: "seconds"))
    var timeout: Double = 10

    @Option(help: ArgumentHelp("Socket timeout in ms, as asbackup (instead of --timeout).", valueName: "ms"))
    var socketTimeout: Int?

    @Flag(
        name: [.customLong("services-alternate"), .customShort("S")],
        help: "Reach the nodes at their alternate-access addresses (NAT, Kubernetes, clouds).")
    var servicesAlternate = false

    @OptionGroup var tls: TLSOptions

    /// A parsed seed address.
    struct Seed: Equatable {
        var host: String
        var port: Int
        /// The `TLSNAME` of a `HOST:TLSNAME:PORT` seed.
        var tlsName: String? = nil
    }

    /// The sets of every `--set`/`-s` (each may be a comma-separated list, as asbackup's `-s`).
    var sets: [String] { setLists.flatMap { $0.split(separator: ",").map(String.init) } }

    mutating func validate() throws {
        if let port, !(1...65535).contains(port) { throw ValidationError("--port \(port) is out of range 1-65535") }
        let seeds = try seeds()
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        if let socketTimeout, socketTimeout < 1 { throw ValidationError("--socket-timeout must be at least 1 ms") }
        if passwordEnv != nil, user == nil { throw ValidationError("--password-env needs --user") }
        if promptPassword, user == nil { throw ValidationError("-P/--prompt-password needs --user (-U)") }
        if promptPassword, passwordEnv != nil { throw ValidationError("give -P or --password-env, not both") }
        switch try authMode() {
        case .pki:
            if user != nil { throw ValidationError("--auth PKI takes the user from the TLS client certificate: drop --user") }
            if tls.certificateFile == nil { throw ValidationError("--auth PKI needs --tls-enable with --tls-certfile and --tls-keyfile") }
        case .external:
            if user == nil { throw ValidationError("--auth EXTERNAL needs --user (-U)") }
        case .internal: break
        }
        if !tls.enable, let seed = seeds.first(where: { $0.tlsName != nil }) {
            throw ValidationError("--host \(seed.host):\(seed.tlsName ?? ""):\(seed.port) names a TLS name; add --tls-enable")
        }
    }

    /// The seeds from every `--host`/`-h`, each a comma-separated list of `HOST`, `HOST:PORT` or
    /// `[IPv6]:PORT`; seeds without a port get `--port`, else 3000.
    func seeds() throws -> [Seed] {
        try hosts.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }.map {
            try Self.parseSeed(String($0), defaultPort: port ?? 3000)
        }
    }

    /// Parses `HOST`, `HOST:PORT`, `HOST:TLSNAME:PORT`, `[IPv6]`, `[IPv6]:PORT` or `[IPv6]:TLSNAME:PORT`
    /// (asbackup's seed syntax).
    static func parseSeed(_ text: String, defaultPort: Int = 3000) throws -> Seed {
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
        var port = defaultPort
        // "HOST" alone has no rest: no parts, so the default port (not an empty, "bad" one).
        let parts = rest.isEmpty ? [] : rest.split(separator: ":", omittingEmptySubsequences: false)
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
        guard let user else { return nil }
        if promptPassword {
            let bytes = try PasswordSource.prompt(
                "enter the cluster password for user \(user): ",
                instead: "put the cluster password in $AEROVAULT_CLUSTER_PASSWORD (or the variable named by --password-env)")
            return String(decoding: bytes, as: UTF8.self)
        }
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
    func connect(preferredRacks: [Int] = []) async throws -> Cluster {
        guard !hosts.isEmpty else { throw ValidationError("give at least one --host HOST:PORT") }
        let seeds = try self.seeds().map { Host($0.host, $0.port, tlsName: $0.tlsName) }
        var config = ClusterConfig(
            seeds: seeds, user: user, password: try password(),
            socketTimeout: .milliseconds(Int64(socketTimeout ?? Int(timeout * 1000))),
            useAlternateAccessAddress: servicesAlternate, tls: tls.config, authMode: try authMode())
        config.preferredRacks = preferredRacks
        return try await BackupEngine.connect(config)
    }
}
