/// How the client logs in (asbackup's `--auth`, SPEC.md §12.7 "Login modes").
public enum AuthMode: String, Sendable, CaseIterable {
    /// USER + CREDENTIAL (the bcrypt hash of the password); the server checks its own user table.
    case `internal` = "INTERNAL"
    /// USER + CREDENTIAL + CLEAR_PASSWORD: the server hands the clear password to its external
    /// authority (LDAP), as it needs it for LDAP users.
    case external = "EXTERNAL"
    /// LOGIN without fields: the server takes the user from the TLS client certificate (its common
    /// name); no password. Needs TLS with a client certificate.
    case pki = "PKI"
}

/// The LOGIN a connection sends and the user its AUTHENTICATE names; made once per
/// ``Cluster/connect(_:)`` (the bcrypt hash costs ~50–100 ms).
struct LoginRequest: Sendable {
    /// The USER of AUTHENTICATE with a session token; nil for PKI (the session knows the user).
    let user: String?
    let message: AdminMessage

    /// The login for `config`, or nil when it logs in not at all (no user and not PKI).
    /// - Throws: ``WireError/Code/notAuthenticated`` for a password with a NUL byte;
    ///   ``WireError/Code/tls`` for PKI without a TLS client certificate.
    init?(_ config: ClusterConfig) throws {
        switch config.authMode {
        case .pki:
            guard config.tls?.certificateFile != nil else {
                throw WireError(.tls, "PKI login needs TLS with a client certificate (its common name is the user)")
            }
            user = nil
            message = .loginPKI()
        case .internal, .external:
            guard let name = config.user else { return nil }
            let password = config.password ?? ""
            let credential = try PasswordHasher.credential(password: password)
            user = name
            message = .login(
                user: name, credential: credential, clearPassword: config.authMode == .external ? password : nil)
        }
    }

    /// Who logs in, for messages.
    var who: String { user.map { "user '\($0)'" } ?? "the TLS client certificate's user" }
}
