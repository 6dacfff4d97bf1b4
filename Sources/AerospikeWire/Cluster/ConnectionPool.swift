/// The connections to one node, plus that node's login session (tokens are per node; SPEC.md §12.7,
/// §12.8 "Login").
///
/// With TLS every connection is TLS, verified against the node's TLS name (see ``TLSConfig/tlsName(for:)``).
///
/// New connections are authenticated before use: AUTHENTICATE with the session token if one is valid,
/// else LOGIN (which yields a fresh token). Result 52 (security not enabled) means "proceed without auth".
actor ConnectionPool {
    let host: Host
    private let config: ClusterConfig
    private let login: LoginRequest?
    private let tls: TLSClientContext?
    private var idle: [Connection] = []
    private var session: (token: [UInt8], expires: ContinuousClock.Instant)?
    private var securityDisabled = false
    private var closed = false

    init(host: Host, config: ClusterConfig, login: LoginRequest?, tls: TLSClientContext?) {
        self.host = host
        self.config = config
        self.login = login
        self.tls = tls
    }

    /// An open, authenticated connection (idle one if available).
    func acquire() async throws -> Connection {
        // Closed by the tend loop when the node left the cluster (or by Cluster.close()): a connection
        // failure to that node, so callers retry on the partition's new owner after a map refresh.
        guard !closed else { throw WireError(.connection, "node \(host) left the cluster (its connection pool is closed)") }
        while let c = idle.popLast() {
            if c.isActive { return c }
        }
        let c = try await Connection.connect(
            to: host, tls: tls, timeout: config.connectTimeout, group: config.eventLoopGroup)
        do {
            try await authenticate(c)
        } catch {
            c.close()
            throw error
        }
        return c
    }

    /// Returns a healthy connection for reuse; closes it if the pool is full or closed.
    func release(_ c: Connection) {
        if !closed, c.isActive, idle.count < config.maxIdleConnectionsPerNode { idle.append(c) } else { c.close() }
    }

    /// Forgets the session token so the next connection logs in again (after 66/80 replies).
    func invalidateSession() { session = nil }

    func closeAll() {
        closed = true
        for c in idle { c.close() }
        idle.removeAll()
    }

    private func authenticate(_ c: Connection) async throws {
        guard let login, !securityDisabled else { return }
        if let s = session, ContinuousClock.now < s.expires {
            let reply = try await c.admin(.authenticate(user: login.user, token: s.token), timeout: config.socketTimeout)
            switch reply.resultCode {
            case .ok: return
            case .securityNotEnabled:
                securityDisabled = true
                return
            case .invalidCredential, .expiredSession: session = nil  // fall through to a fresh login
            default: throw Self.refused(reply.resultCode, login: login, host: host)
            }
        }
        let reply = try await c.admin(login.message, timeout: config.socketTimeout)
        switch reply.resultCode {
        case .ok:
            if let token = reply.field(AdminMessage.FieldID.sessionToken) {
                let ttl = Int(reply.sessionTTL ?? 86_400)
                session = (token, ContinuousClock.now + .seconds(max(1, ttl - 60)))
            }
        case .securityNotEnabled:
            securityDisabled = true
        default:
            throw Self.refused(reply.resultCode, login: login, host: host)
        }
    }

    private static func refused(_ rc: ResultCode, login: LoginRequest, host: Host) -> WireError {
        let check = login.user == nil ? "the client certificate and the server's PKI users" : "the user name and password"
        return WireError(.notAuthenticated, "login of \(login.who) to \(host) refused: \(rc); check \(check)")
    }
}

extension ConnectionPool {
    /// Runs `body` with a pooled connection; the connection is returned on success and closed on error.
    nonisolated func withConnection<T: Sendable>(_ body: @Sendable (Connection) async throws -> T) async throws -> T {
        let c = try await acquire()
        do {
            let result = try await body(c)
            await release(c)
            return result
        } catch {
            c.close()
            throw error
        }
    }
}

