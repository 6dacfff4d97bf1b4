import AerospikeWire

/// The admin protocol (proto type 2): LOGIN and AUTHENTICATE (SPEC.md §13 "Security").
extension SimCluster {
    /// Answers one admin message; `user` is set when the socket becomes authenticated.
    ///
    /// Security off → 52 SECURITY_NOT_ENABLED (clients treat that as success). LOGIN with an unknown
    /// user → 60, wrong password → 62; AUTHENTICATE with a bad token → 65, expired → 66. Other admin
    /// commands → 54 INVALID_COMMAND (user management is not simulated).
    func answerAdmin(_ body: [UInt8], user: inout String?) -> AdminMessage {
        guard let m = try? AdminMessage.decode(body) else {
            return AdminMessage(command: 0, resultCode: ResultCode(54))
        }
        guard security.enabled else { return AdminMessage(command: m.command, resultCode: .securityNotEnabled) }
        switch m.command {
        case AdminMessage.Command.login:
            guard let name = m.user, let credential = m.field(AdminMessage.FieldID.credential) else {
                return AdminMessage(command: m.command, resultCode: ResultCode(55))
            }
            switch security.login(user: name, credential: credential) {
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
