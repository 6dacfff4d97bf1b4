import AerospikeWire

/// The admin protocol (proto type 2): LOGIN and AUTHENTICATE (SPEC.md §13 "Security").
extension SimCluster {
    /// Answers one admin message; `user` is set when the socket becomes authenticated.
    /// `certificateUser` is the common name of the socket's TLS client certificate: a LOGIN without
    /// USER and CREDENTIAL (PKI) logs in as that user, with no password; without a certificate → 65.
    /// An external (LDAP) LOGIN's CLEAR_PASSWORD is ignored: the simulator checks its CREDENTIAL as
    /// for an internal user (SPEC.md §13.8).
    ///
    /// Security off → 52 SECURITY_NOT_ENABLED (clients treat that as success). LOGIN with an unknown
    /// user → 60, wrong password → 62; AUTHENTICATE with a bad token → 65, expired → 66. Other admin
    /// commands → 54 INVALID_COMMAND (user management is not simulated).
    func answerAdmin(_ body: [UInt8], user: inout String?, certificateUser: String? = nil) -> AdminMessage {
        guard let m = try? AdminMessage.decode(body) else {
            return AdminMessage(command: 0, resultCode: ResultCode(54))
        }
        guard security.enabled else { return AdminMessage(command: m.command, resultCode: .securityNotEnabled) }
        switch m.command {
        case AdminMessage.Command.login:
            let outcome: SecurityStore.Outcome
            if m.fields.isEmpty {
                guard let certificateUser else { return AdminMessage(command: m.command, resultCode: ResultCode(65)) }
                outcome = security.login(certificateUser: certificateUser)
            } else {
                guard let name = m.user, let credential = m.field(AdminMessage.FieldID.credential) else {
                    return AdminMessage(command: m.command, resultCode: ResultCode(55))
                }
                outcome = security.login(user: name, credential: credential)
            }
            switch outcome {
            case .failed(let code):
                return AdminMessage(command: m.command, resultCode: ResultCode(code))
            case .ok(let u, let token):
                user = u
                var ttl: [UInt8] = []
                for shift in stride(from: 24, through: 0, by: -8) { ttl.append(UInt8(truncatingIfNeeded: security.sessionTTL >> UInt32(shift))) }
                return AdminMessage(
                    command: m.command,
                    fields: [
                        .init(id: AdminMessage.FieldID.sessionToken, data: token),
                        .init(id: AdminMessage.FieldID.sessionTTL, data: ttl),
                    ])
            }
        case AdminMessage.Command.authenticate:
            guard let token = m.field(AdminMessage.FieldID.sessionToken) else {
                return AdminMessage(command: m.command, resultCode: ResultCode(55))
            }
            switch security.authenticate(user: m.user, token: token) {
            case .failed(let code): return AdminMessage(command: m.command, resultCode: ResultCode(code))
            case .ok(let u, _):
                user = u
                return AdminMessage(command: m.command)
            }
        default:
            return AdminMessage(command: m.command, resultCode: ResultCode(54))
        }
    }
}
