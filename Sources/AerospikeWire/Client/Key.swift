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

/// What a write does when the record exists or not.
public enum RecordExistsAction: Sendable {
    /// Create or merge bins (default).
    case update
    /// Merge bins; fail with 2 if absent.
    case updateOnly
    /// Create or replace all bins.
    case replace
    /// Replace all bins; fail with 2 if absent.
    case replaceOnly
    /// Fail with 5 if present.
    case createOnly
}

/// Generation check on writes.
public enum GenerationPolicy: Equatable, Sendable {
    case none
    /// Apply only if the stored generation equals this.
    case equal(UInt32)
    /// Apply only if this is greater than the stored generation (restore).
    case greater(UInt32)
}

/// Record TTL on writes.
public enum RecordTTL: Equatable, Sendable {
    case serverDefault
    case never
    /// Keep the record's current TTL.
    case keep
    case seconds(UInt32)

    /// The wire value for record_ttl.
    public var wireValue: UInt32 {
        switch self {
        case .serverDefault: return 0
        case .never: return 0xFFFF_FFFF
        case .keep: return 0xFFFF_FFFE
        case .seconds(let s): return min(s, 0xFFFF_FFFD)
        }
    }
}

/// Write behaviour (fact sheet §8).
public struct WritePolicy: Sendable {
    public var recordExists: RecordExistsAction
    public var generation: GenerationPolicy
    public var ttl: RecordTTL
    /// Store the user key with the record.
    public var sendKey: Bool
    /// Deletes leave a tombstone (Enterprise).
    public var durableDelete: Bool
    /// Per-attempt timeout (sent as transaction_ttl too).
    public var timeout: Duration
    public var retry: RetryPolicy
    /// Optional filter: the write applies only where it is true (else 27).
    public var filter: FilterExpression?

    public init(
        recordExists: RecordExistsAction = .update, generation: GenerationPolicy = .none, ttl: RecordTTL = .serverDefault,
        sendKey: Bool = false, durableDelete: Bool = false, timeout: Duration = .seconds(5),
        retry: RetryPolicy = RetryPolicy(), filter: FilterExpression? = nil
    ) {
        self.recordExists = recordExists
        self.generation = generation
        self.ttl = ttl
        self.sendKey = sendKey
        self.durableDelete = durableDelete
        self.timeout = timeout
        self.retry = retry
        self.filter = filter
    }

    /// info2/info3 bits and the header generation for this policy.
    var bits: (info2: UInt8, info3: UInt8, generation: UInt32) {
        var info2 = Info2.write
        var info3: UInt8 = 0
        switch recordExists {
        case .update: break
        case .updateOnly: info3 |= Info3.updateOnly
        case .replace: info3 |= Info3.createOrReplace
        case .replaceOnly: info3 |= Info3.replaceOnly
        case .createOnly: info2 |= Info2.createOnly
        }
        var gen: UInt32 = 0
        switch generation {
        case .none: break
        case .equal(let g):
            info2 |= Info2.generation
            gen = g
        case .greater(let g):
            info2 |= Info2.generationGT
            gen = g
        }
        if durableDelete { info2 |= Info2.durableDelete }
        return (info2, info3, gen)
    }
}

/// Outcome of a single-record write or delete.
public struct WriteResult: Equatable, Sendable {
    public var generation: UInt32
    /// Seconds since 2010-01-01 UTC; 0 = never.
    public var voidTime: UInt32
}

/// A record read by `get`.
public struct Record: Equatable, Sendable {
    public var generation: UInt32
    public var voidTime: UInt32
    public var bins: [Bin]

    /// The value of the named bin.
    public subscript(bin name: String) -> Value? { bins.first { $0.name == name }?.value }
}
