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

/// Write behaviour (SPEC.md §12.12).
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
