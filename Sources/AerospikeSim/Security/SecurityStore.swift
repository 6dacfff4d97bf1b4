import Synchronization

/// A privilege a command needs when security is on.
enum SimPermission: Sendable, Hashable {
    case read, write, sysAdmin, userAdmin, truncate
}

/// Users, their roles, and the session tokens handed out by LOGIN (SPEC.md §13 "Security").
///
/// Credentials are compared as the client sends them: the bcrypt string of the clear password with
/// the fixed client salt. Tokens are 32 random bytes, valid for `sessionTTL` seconds of the cluster
/// clock (``SimClock``, so tests expire sessions by advancing it, not by sleeping) on every node.
/// Thread-safe: the cached credentials and the sessions are behind `Mutex`es.
final class SecurityStore: Sendable {
    /// The outcome of LOGIN or AUTHENTICATE.
    enum Outcome: Equatable {
        case ok(user: String, token: [UInt8])
        case failed(resultCode: UInt8)
    }

    private let users: [String: SimUser]
    private let credentials = Mutex<[String: String]>([:])
    /// Token → user and the cluster-clock millisecond the session expires at.
    private let sessions = Mutex<[[UInt8]: (user: String, expiresAtMs: UInt64)]>([:])
    private let clock: SimClock
    let sessionTTL: UInt32
    /// Whether security is enabled at all.
    let enabled: Bool

    init(users: [SimUser], sessionTTL: UInt32, clock: SimClock) {
        var byName: [String: SimUser] = [:]
        for u in users { byName[u.name] = u }
        self.users = byName
        self.sessionTTL = sessionTTL
        self.clock = clock
        self.enabled = !users.isEmpty
    }

    /// The bcrypt credential for a user's password, computed once and cached.
    private func expectedCredential(for user: SimUser) -> String? {
        if let c = credentials.withLock({ $0[user.name] }) { return c }
        guard let c = SimCredential.hash(password: user.password) else { return nil }
        credentials.withLock { $0[user.name] = c }
        return c
    }

    /// LOGIN: checks user and credential, creates a session token.
    /// Unknown user → 60 INVALID_USER; wrong password → 62 INVALID_PASSWORD.
    func login(user name: String, credential: [UInt8]) -> Outcome {
        guard let user = users[name] else { return .failed(resultCode: 60) }
        guard let expected = expectedCredential(for: user), Array(expected.utf8) == credential else {
            return .failed(resultCode: 62)
        }
        return .ok(user: name, token: newSession(for: name))
    }

    /// PKI LOGIN: the TLS client certificate's common name must name a user (60 otherwise); no password.
    func login(certificateUser name: String) -> Outcome {
        guard users[name] != nil else { return .failed(resultCode: 60) }
        return .ok(user: name, token: newSession(for: name))
    }

    private func newSession(for name: String) -> [UInt8] {
        var token = [UInt8](repeating: 0, count: 32)
        var rng = SystemRandomNumberGenerator()
        for i in token.indices { token[i] = rng.next() }
        let expiry = clock.nowMs + UInt64(sessionTTL) * 1000
        sessions.withLock { $0[token] = (name, expiry) }
        return token
    }

    /// AUTHENTICATE: checks a session token. Unknown token or user mismatch → 65 INVALID_CREDENTIAL;
    /// expired token → 66 EXPIRED_SESSION.
    func authenticate(user name: String?, token: [UInt8]) -> Outcome {
        guard let session = sessions.withLock({ $0[token] }) else { return .failed(resultCode: 65) }
        if let name, name != session.user { return .failed(resultCode: 65) }
        guard session.expiresAtMs > clock.nowMs else { return .failed(resultCode: 66) }
        return .ok(user: session.user, token: token)
    }

    /// Whether `user` holds `permission` (always true when security is off).
    func allows(_ user: String?, _ permission: SimPermission) -> Bool {
        guard enabled else { return true }
        guard let user, let u = users[user] else { return false }
        return u.roles.contains { Self.permissions(of: $0).contains(permission) }
    }

    /// The permissions a role grants.
    static func permissions(of role: String) -> Set<SimPermission> {
        switch role {
        case "read": return [.read]
        case "write": return [.write]
        case "read-write", "read-write-udf": return [.read, .write]
        case "sys-admin": return [.sysAdmin]
        case "user-admin": return [.userAdmin]
        case "data-admin", "truncate": return [.truncate]
        case "superuser": return [.read, .write, .sysAdmin, .userAdmin, .truncate]
        default: return []
        }
    }

    /// The privilege name used in ROLE_VIOLATION messages.
    static func name(of permission: SimPermission) -> String {
        switch permission {
        case .read: return "read"
        case .write: return "write"
        case .sysAdmin: return "sys-admin"
        case .userAdmin: return "user-admin"
        case .truncate: return "truncate"
        }
    }
}
