import Foundation

/// The plaintext facts a key file records about itself; readable without the password
/// (``KeyFile/inspect(_:)``), e.g. for `aerovault key list`.
public struct KeyFileInfo: Codable, Sendable, Equatable {
    /// When the key file was made (stored with millisecond precision).
    public var created: Date
    /// Host name of the machine that made it.
    public var host: String
    /// User who made it.
    public var username: String
    /// Argon2id cost used to wrap the master key.
    public var kdf: KDFParameters
    /// What the key may do; authenticated by the key file's AEAD (admin for version 1 files).
    public var role: KeyRole
    /// The key file's format version (SPEC.md §3).
    public var version: UInt8

    public init(created: Date, host: String, username: String, kdf: KDFParameters, role: KeyRole, version: UInt8) {
        self.created = created
        self.host = host
        self.username = username
        self.kdf = kdf
        self.role = role
        self.version = version
    }
}
