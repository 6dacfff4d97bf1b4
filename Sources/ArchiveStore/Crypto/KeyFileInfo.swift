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

    public init(created: Date, host: String, username: String, kdf: KDFParameters) {
        self.created = created
        self.host = host
        self.username = username
        self.kdf = kdf
    }
}
