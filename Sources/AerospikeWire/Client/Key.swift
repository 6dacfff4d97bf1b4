/// Identifies a record: namespace, optional set, digest, and optionally the user key it came from.
public struct Key: Hashable, Sendable, CustomStringConvertible {
    public var namespace: String
    public var set: String?
    /// 20-byte RIPEMD-160 digest.
    public var digest: [UInt8]
    /// Stored with the record when the write policy says `sendKey`.
    public var userKey: UserKey?

    /// A key from a user key (digest computed).
    public init(namespace: String, set: String?, userKey: UserKey) {
        self.namespace = namespace
        self.set = set
        self.userKey = userKey
        self.digest = Digest.compute(set: set, key: userKey)
    }

    /// A key from a known digest (restore path); the user key is optional.
    public init(namespace: String, set: String?, digest: [UInt8], userKey: UserKey? = nil) {
        self.namespace = namespace
        self.set = set
        self.digest = digest
        self.userKey = userKey
    }

    /// The partition the record lives in.
    public var partitionID: Int { Digest.partitionID(digest) }

    public var description: String { "\(namespace)/\(set ?? "")/\(Digest.hex(digest))" }

    /// Checks lengths the server enforces.
    func validate() throws {
        guard digest.count == Digest.size else {
            throw WireError(.invalidArgument, "digest of \(digest.count) bytes for \(namespace), expected 20")
        }
        guard !namespace.isEmpty, namespace.utf8.count < 32 else {
            throw WireError(.invalidArgument, "namespace '\(namespace)' must be 1–31 bytes")
        }
        if let set, set.utf8.count > 63 { throw WireError(.invalidArgument, "set name '\(set)' exceeds 63 bytes") }
    }

    /// NAMESPACE, SET (if any) and DIGEST fields, plus KEY when `sendKey`.
    func fields(sendKey: Bool) -> [Field] {
        var f: [Field] = [.string(.namespace, namespace)]
        if let set { f.append(.string(.setName, set)) }
        f.append(Field(type: .digest, data: digest))
        if sendKey, let userKey { f.append(Field(type: .key, data: userKey.fieldData)) }
        return f
    }
}

