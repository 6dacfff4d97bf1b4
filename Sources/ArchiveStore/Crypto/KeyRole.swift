/// What a key file may be used for (SPEC.md §3 "Roles"). Stored in key files of version 2 and
/// authenticated with them; a version 1 key file is an admin key.
public enum KeyRole: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// Everything: backups, restores, forget, prune, key and repository management.
    case admin = 1
    /// Writes snapshots (`backup`) and nothing else.
    case backup = 2
    /// Reads: listing, restoring, verifying, checking. Writes nothing.
    case restore = 3

    /// The name used on the command line and in JSON (`admin`, `backup`, `restore`).
    public var description: String {
        switch self {
        case .admin: return "admin"
        case .backup: return "backup"
        case .restore: return "restore"
        }
    }

    /// The role named `name` (as ``description``), or nil.
    public init?(name: String) {
        guard let role = Self.allCases.first(where: { $0.description == name }) else { return nil }
        self = role
    }

    /// Whether a key of this role may do what `access` covers.
    public func permits(_ access: RepositoryAccess) -> Bool {
        access.roles.contains(self)
    }
}

/// The kind of access an operation needs; each command states one (SPEC.md §14 "Roles").
public enum RepositoryAccess: Sendable, CaseIterable {
    /// Reading snapshots and their data, changing nothing in the repository.
    case read
    /// Adding snapshots and the chunks they need.
    case backup
    /// Removing or replacing anything, and managing keys.
    case admin

    /// The roles that permit it, strongest first.
    public var roles: [KeyRole] {
        switch self {
        case .read: return [.admin, .restore]
        case .backup: return [.admin, .backup]
        case .admin: return [.admin]
        }
    }
}

/// Encoded as its name (`"backup"`), as in JSON output.
extension KeyRole: Codable {
    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let role = KeyRole(name: name) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown role \(name)"))
        }
        self = role
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension KeyRole {
    /// Throws `.roleRefused` unless this role permits `access`; the message names `action` and the
    /// roles that may do it.
    public func require(_ access: RepositoryAccess, for action: String) throws {
        guard !permits(access) else { return }
        let needed = access.roles.map { "\($0)" }.joined(separator: " or ")
        throw ArchiveStoreError(
            .roleRefused,
            "\(action) needs a key with role \(needed); the key that opened the repository has role \(self). "
                + "Use the password of \(access == .admin ? "an admin key" : "a key with role \(needed)")")
    }
}
