import NIOCore
import NIOPosix

/// How to reach and talk to a cluster.
public struct ClusterConfig: Sendable {
    /// Seed nodes; the rest of the cluster is discovered through `peers-clear-std` (`peers-tls-std` with TLS).
    /// A seed's ``Host/tlsName`` overrides ``TLSConfig/name`` for that seed.
    public var seeds: [Host]
    /// User for internal authentication; nil = no login.
    public var user: String?
    /// Clear password (hashed with bcrypt once, at connect; also sent clear with ``AuthMode/external``).
    public var password: String?
    /// How to log in (`--auth`); PKI needs no user but a TLS client certificate.
    public var authMode: AuthMode
    /// Rack ids whose nodes partition scans prefer (`--prefer-racks`): a scan of a partition goes to the
    /// first replica (master first) on one of these racks, else to the master. Empty = always the master.
    public var preferredRacks: [Int] = []
    /// Expected `cluster-name`; nodes reporting another name are refused.
    public var clusterName: String?
    /// TCP connect timeout; with TLS it also bounds the TLS handshake.
    public var connectTimeout: Duration
    /// Per-read timeout on sockets (also sent to the server as scan SOCKET_TIMEOUT).
    public var socketTimeout: Duration
    /// Interval of the tend loop (node joins/leaves, partition moves).
    public var tendInterval: Duration
    /// Idle connections kept per node.
    public var maxIdleConnectionsPerNode: Int
    /// Global cap on single-record and batch-row writes per second (nil = unlimited).
    public var maxWritesPerSecond: Int?
    /// Use `peers-clear-alt` / `peers-tls-alt` instead of the `-std` lists (NAT setups).
    public var useAlternateAccessAddress: Bool
    /// TLS for every connection (tend, info, scans, writes, login); nil = plaintext. See ``TLSConfig``.
    public var tls: TLSConfig?
    /// NIO event loops for the sockets.
    public var eventLoopGroup: any EventLoopGroup

    public init(
        seeds: [Host], user: String? = nil, password: String? = nil, clusterName: String? = nil,
        connectTimeout: Duration = .seconds(2), socketTimeout: Duration = .seconds(10),
        tendInterval: Duration = .seconds(1), maxIdleConnectionsPerNode: Int = 16,
        maxWritesPerSecond: Int? = nil, useAlternateAccessAddress: Bool = false, tls: TLSConfig? = nil,
        authMode: AuthMode = .internal, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.seeds = seeds
        self.user = user
        self.password = password
        self.authMode = authMode
        self.clusterName = clusterName
        self.connectTimeout = connectTimeout
        self.socketTimeout = socketTimeout
        self.tendInterval = tendInterval
        self.maxIdleConnectionsPerNode = maxIdleConnectionsPerNode
        self.maxWritesPerSecond = maxWritesPerSecond
        self.useAlternateAccessAddress = useAlternateAccessAddress
        self.tls = tls
        self.eventLoopGroup = eventLoopGroup
    }
}

