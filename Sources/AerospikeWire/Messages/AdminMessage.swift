/// A security/admin message (proto type 2, SPEC.md §12.7).
///
/// Layout after the proto header: `scheme(1)=0 | result(1) | command(1) | field count(1) | 12 zero bytes |
/// fields`, each field `length(u32 BE) = 1 + data.count | id(1) | data`.
public struct AdminMessage: Equatable, Sendable {
    /// One admin field.
    public struct Field: Equatable, Sendable {
        /// Field id (``FieldID``).
        public var id: UInt8
        /// Field payload.
        public var data: [UInt8]
        /// Creates an admin field.
        public init(id: UInt8, data: [UInt8]) {
            self.id = id
            self.data = data
        }
    }

    /// Admin command numbers.
    public enum Command {
        public static let authenticate: UInt8 = 0
        public static let createUser: UInt8 = 1
        public static let dropUser: UInt8 = 2
        public static let setPassword: UInt8 = 3
        public static let changePassword: UInt8 = 4
        public static let queryUsers: UInt8 = 9
        public static let login: UInt8 = 20
    }

    /// Admin field ids.
    public enum FieldID {
        public static let user: UInt8 = 0
        public static let password: UInt8 = 1
        public static let oldPassword: UInt8 = 2
        public static let credential: UInt8 = 3
        public static let clearPassword: UInt8 = 4
        public static let sessionToken: UInt8 = 5
        public static let sessionTTL: UInt8 = 6
    }

    /// Size of the admin header that follows the proto header.
    public static let headerSize = 16

    /// Command (``Command``).
    public var command: UInt8
    /// 0 in requests; the status in replies.
    public var resultCode: ResultCode
    /// Fields in wire order.
    public var fields: [Field]

    /// Creates an admin message.
    public init(command: UInt8, resultCode: ResultCode = .ok, fields: [Field] = []) {
        self.command = command
        self.resultCode = resultCode
        self.fields = fields
    }

    /// LOGIN: USER + CREDENTIAL (bcrypt string), plus CLEAR_PASSWORD for external authentication
    /// (SPEC.md §12.7 "Login modes").
    public static func login(user: String, credential: String, clearPassword: String? = nil) -> AdminMessage {
        var fields = [Field(id: FieldID.user, data: Array(user.utf8)), Field(id: FieldID.credential, data: Array(credential.utf8))]
        if let clearPassword { fields.append(Field(id: FieldID.clearPassword, data: Array(clearPassword.utf8))) }
        return AdminMessage(command: Command.login, fields: fields)
    }

    /// LOGIN for PKI authentication: no fields (the user is the TLS client certificate's).
    public static func loginPKI() -> AdminMessage { AdminMessage(command: Command.login) }

    /// AUTHENTICATE with USER (absent for a PKI session) + SESSION_TOKEN.
    public static func authenticate(user: String?, token: [UInt8]) -> AdminMessage {
        let userField = user.map { [Field(id: FieldID.user, data: Array($0.utf8))] } ?? []
        return AdminMessage(command: Command.authenticate, fields: userField + [Field(id: FieldID.sessionToken, data: token)])
    }

    /// The first field with `id`.
    public func field(_ id: UInt8) -> [UInt8]? { fields.first { $0.id == id }?.data }

    /// USER field as text.
    public var user: String? { field(FieldID.user).flatMap { String(validating: $0, as: UTF8.self) } }

    /// SESSION_TTL field (u32 BE seconds).
    public var sessionTTL: UInt32? {
        guard let d = field(FieldID.sessionTTL), d.count == 4 else { return nil }
        return d.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The body (admin header + fields), without proto header.
    public func encodeBody() -> [UInt8] {
        var out: [UInt8] = [0, resultCode.rawValue, command, UInt8(truncatingIfNeeded: fields.count)]
        out += [UInt8](repeating: 0, count: 12)
        for f in fields {
            out.appendBE(UInt32(f.data.count + 1))
            out.append(f.id)
            out += f.data
        }
        return out
    }

    /// The message in a type-2 proto frame.
    public func frame() -> WireFrame { WireFrame(type: .admin, body: encodeBody()) }

    /// Decodes an admin body.
    /// - Throws: ``WireError/Code/malformed`` when shorter than 16 bytes or a field is truncated.
    public static func decode(_ body: [UInt8]) throws -> AdminMessage {
        var r = ByteReader(body)
        try r.require(headerSize, "admin header")
        _ = try r.u8()
        let result = ResultCode(try r.u8())
        let command = try r.u8()
        let count = Int(try r.u8())
        r.offset += 12
        var fields: [Field] = []
        for _ in 0..<count {
            let len = Int(try r.u32("admin field length"))
            guard len >= 1 else { throw WireError.malformed("admin field length 0") }
            let id = try r.u8()
            fields.append(Field(id: id, data: try r.take(len - 1, "admin field")))
        }
        return AdminMessage(command: command, resultCode: result, fields: fields)
    }
}
