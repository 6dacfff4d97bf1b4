/// How to build a simulated cluster: node count, ports, namespaces, security.
public struct SimConfig: Sendable {
    /// Number of nodes (each listens on its own 127.0.0.1 port).
    public var nodeCount: Int
    /// Port of node 0; node i listens on `basePort + i`. 0 = every node picks a free port.
    public var basePort: Int
    /// Namespaces to create (each has 4096 partitions).
    public var namespaces: [String]
    /// Copies of each partition (master + proles), capped at the number of live nodes.
    public var replicationFactor: Int
    /// Answer to the `cluster-name` info command.
    public var clusterName: String
    /// Users; a non-empty list turns security on (LOGIN/AUTHENTICATE required on every socket).
    public var users: [SimUser]
    /// Default TTL in seconds for writes that send TTL 0 (0 = never expire).
    public var defaultTTL: UInt32
    /// Session token lifetime in seconds reported by LOGIN.
    public var sessionTTL: UInt32
    /// Server version reported by `build`.
    public var build: String
    /// TLS on every node's port; nil = plaintext (see ``SimTLSConfig``).
    public var tls: SimTLSConfig?
    /// Rack id of each node (index = node), reported by `rack-ids`; empty = every node in rack 0.
    public var racks: [Int] = []

    /// Creates a configuration; every parameter has a test-friendly default.
    public init(
        nodeCount: Int = 3, basePort: Int = 0, namespaces: [String] = ["test"], replicationFactor: Int = 2,
        clusterName: String = "aerovault-sim", users: [SimUser] = [], defaultTTL: UInt32 = 0,
        sessionTTL: UInt32 = 86_400, build: String = "7.1.0.0", tls: SimTLSConfig? = nil
    ) {
        self.nodeCount = nodeCount
        self.basePort = basePort
        self.namespaces = namespaces
        self.replicationFactor = replicationFactor
        self.clusterName = clusterName
        self.users = users
        self.defaultTTL = defaultTTL
        self.sessionTTL = sessionTTL
        self.build = build
        self.tls = tls
    }

    /// Checks the configuration, throwing ``SimError`` with a message naming the bad setting.
    public func validate() throws {
        guard (1...32).contains(nodeCount) else {
            throw SimError(.invalidConfig, "node count must be 1...32, got \(nodeCount)")
        }
        guard basePort == 0 || (1...(65535 - nodeCount)).contains(basePort) else {
            throw SimError(.invalidConfig, "base port \(basePort) leaves no room for \(nodeCount) nodes")
        }
        guard !namespaces.isEmpty else { throw SimError(.invalidConfig, "at least one namespace is needed") }
        for ns in namespaces where ns.isEmpty || ns.utf8.count >= 32 || ns.contains(where: { ";:/\n\t".contains($0) }) {
            throw SimError(.invalidConfig, "namespace name \"\(ns)\" must be 1–31 bytes without ; : / or whitespace")
        }
        guard Set(namespaces).count == namespaces.count else {
            throw SimError(.invalidConfig, "namespace names must be unique")
        }
        guard replicationFactor >= 1 else { throw SimError(.invalidConfig, "replication factor must be ≥ 1") }
        guard racks.isEmpty || (racks.count == nodeCount && racks.allSatisfy { $0 >= 0 }) else {
            throw SimError(.invalidConfig, "racks must give one rack id ≥ 0 per node (\(nodeCount)), got \(racks)")
        }
        try tls?.validate()
    }
}

/// A user of a security-enabled cluster.
public struct SimUser: Sendable, Hashable {
    /// User name.
    public var name: String
    /// Clear-text password (the simulator hashes it with the client's fixed bcrypt salt).
    public var password: String
    /// Role names: `read`, `read-write`, `read-write-udf`, `write`, `sys-admin`, `user-admin`,
    /// `data-admin`, `truncate`.
    public var roles: [String]

    /// Creates a user; the default role may read and write data.
    public init(name: String, password: String, roles: [String] = ["read-write"]) {
        self.name = name
        self.password = password
        self.roles = roles
    }

    /// Parses `user:password[:role,role…]` as given on the command line.
    public init?(argument: String) {
        let parts = argument.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, !parts[0].isEmpty else { return nil }
        let roles = parts.count == 3 ? parts[2].split(separator: ",").map(String.init) : ["read-write"]
        self.init(name: parts[0], password: parts[1], roles: roles)
    }
}
