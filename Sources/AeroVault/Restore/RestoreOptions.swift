import AerospikeWire

/// What to restore from a snapshot and how to write it; see SPEC.md §14 "restore".
///
/// The defaults match `asrestore`: records are written with a "generation greater than" check and the
/// record-exists action UPDATE, so a record is only overwritten when the backup holds a newer generation.
public struct RestoreOptions: Sendable, Equatable {
    /// What happens when a record already exists in the target namespace.
    public enum ExistsAction: String, Sendable, Equatable, CaseIterable {
        /// Create the record or merge the backed-up bins into it (default).
        case update
        /// Create the record or replace all of its bins (`--replace`).
        case replace
        /// Create the record only; an existing record is left alone and counted as skipped (`--unique`).
        case createOnly = "create-only"
    }

    /// How the time to live of a restored record is chosen (`--ttl`).
    public enum TTLMode: String, Sendable, Equatable, CaseIterable {
        /// Keep the original expiry moment: remaining = void time − now; records already expired are skipped.
        case keep
        /// Give the record the time to live it had when the snapshot was taken.
        case extend
        /// Restore every record without expiry.
        case neverExpire = "never-expire"
    }

    /// Namespace the records are written to; `nil` keeps the snapshot's namespace.
    public var targetNamespace: String?
    /// Only records of these sets are restored; empty = every set. The empty string names "no set".
    public var sets: [String]
    /// Only these bins are written; `nil` = every bin. A record left with no bin is skipped as filtered.
    public var binNames: [String]?
    /// Partitions restored; `nil` = all 4096.
    public var partitions: [Int]?
    /// Number of partitions restored at the same time. A partition holds its place until every row it
    /// read has been answered, so this also bounds how far reading runs ahead of writing.
    public var parallel: Int
    /// Batch write requests in flight at once (`--max-async-batches`); each holds up to `batchSize`
    /// rows of any partitions, split by the client into one request per master node.
    public var writesInFlight: Int
    /// Upper bound on written records per second over the whole restore; `nil` = unlimited.
    public var recordsPerSecond: Int?
    /// `--nice`: upper bound on bin bytes written per second over the whole restore; `nil` = unlimited.
    public var writeBytesPerSecond: Int? = nil
    /// `--wait`: before returning, wait until every node reports each recreated secondary index built.
    public var waitForIndexes = false
    /// Pause between `--wait`'s polls of the index build state.
    public var indexPollInterval = Duration.milliseconds(500)
    /// Records per batch write request.
    public var batchSize: Int
    /// What to do with records that already exist.
    public var existsAction: ExistsAction
    /// Compare generations (write only if the backed-up generation is greater); `--no-generation` turns it off.
    public var checkGeneration: Bool
    /// How TTLs are restored.
    public var ttlMode: TTLMode
    /// Keep going after a record fails to write (exit status 3 instead of 1).
    public var ignoreRecordErrors: Bool
    /// Recreate secondary indexes from the snapshot's cluster metadata before writing records.
    public var restoreIndexes: Bool
    /// Register UDF modules from the snapshot's cluster metadata before writing records.
    public var restoreUDFs: Bool
    /// Read, decrypt and count everything but write nothing.
    public var dryRun: Bool
    /// Retries per row after a transient answer (`--max-retries`); nil = bounded by ``retryTime`` only.
    public var maxRetries: Int?
    /// How long a row may keep failing transiently before it is given up (`--retry-time`).
    public var retryTime: Duration
    /// Seconds added to the void time of every record that expires (asrestore's `--extra-ttl`), before
    /// ``ttlMode`` computes its time to live; records that never expire stay so.
    public var extraTTL: UInt32 = 0
    /// Write the records (`--no-records` turns it off: only UDF modules and secondary indexes).
    public var restoreRecords = true
    /// Create the secondary indexes after the records instead of before (`--indexes-last`): the index
    /// build then scans once instead of updating with every write.
    public var indexesLast = false
    /// `--delete-extra`: after writing a partition, delete the target's records in this scope that the
    /// snapshot does not hold (``DeleteScope``); nil = never delete.
    public var deleteExtra: DeleteScope?

    public init(
        targetNamespace: String? = nil, sets: [String] = [], binNames: [String]? = nil, partitions: [Int]? = nil,
        parallel: Int = RestoreOptions.defaultParallel, recordsPerSecond: Int? = nil, batchSize: Int = 128,
        existsAction: ExistsAction = .update, checkGeneration: Bool = true, ttlMode: TTLMode = .keep,
        ignoreRecordErrors: Bool = false, restoreIndexes: Bool = true, restoreUDFs: Bool = true, dryRun: Bool = false,
        writesInFlight: Int = RestoreOptions.defaultWritesInFlight, maxRetries: Int? = nil,
        retryTime: Duration = RestoreOptions.defaultRetryTime
    ) {
        self.targetNamespace = targetNamespace
        self.sets = sets
        self.binNames = binNames
        self.partitions = partitions
        self.parallel = parallel
        self.writesInFlight = writesInFlight
        self.recordsPerSecond = recordsPerSecond
        self.batchSize = batchSize
        self.existsAction = existsAction
        self.checkGeneration = checkGeneration
        self.ttlMode = ttlMode
        self.ignoreRecordErrors = ignoreRecordErrors
        self.restoreIndexes = restoreIndexes
        self.restoreUDFs = restoreUDFs
        self.dryRun = dryRun
        self.maxRetries = maxRetries
        self.retryTime = retryTime
    }

    /// Default of ``parallel`` (`--parallel`).
    public static let defaultParallel = 16
    /// Default of ``writesInFlight`` (`--max-async-batches`).
    public static let defaultWritesInFlight = 8
    /// Default of ``retryTime`` (`--retry-time`): rides out minutes-long overload bursts, and a
    /// cluster that stays down fails the restore within a few minutes.
    public static let defaultRetryTime = Duration.seconds(120)

    /// The retry bounds as the state machine takes them.
    var retryPolicy: WriteRetryStateMachine.Policy {
        WriteRetryStateMachine.Policy(maxRetries: maxRetries, retryTime: retryTime.seconds)
    }

    /// Whether a generation check is sent with each write (never for create-only writes).
    public var usesGenerationCheck: Bool { checkGeneration && existsAction != .createOnly }

    /// Checks ranges and combinations; throws ``AeroVaultError`` (`.invalidArgument`) naming the bad value.
    public func validate() throws {
        guard (1...256).contains(parallel) else {
            throw AeroVaultError(.invalidArgument, "parallel must be between 1 and 256 (got \(parallel))")
        }
        guard (1...256).contains(writesInFlight) else {
            throw AeroVaultError(.invalidArgument, "batches in flight must be between 1 and 256 (got \(writesInFlight))")
        }
        guard (1...5000).contains(batchSize) else {
            throw AeroVaultError(.invalidArgument, "batch size must be between 1 and 5000 (got \(batchSize))")
        }
        if let maxRetries, maxRetries < 0 {
            throw AeroVaultError(.invalidArgument, "max retries must be 0 or more (got \(maxRetries))")
        }
        guard retryTime > .zero, retryTime <= .seconds(86_400) else {
            throw AeroVaultError(.invalidArgument, "retry time must be more than 0 s and at most 24 h (got \(retryTime))")
        }
        if let tps = recordsPerSecond, tps < 1 {
            throw AeroVaultError(.invalidArgument, "records per second must be at least 1 (got \(tps))")
        }
        if let nice = writeBytesPerSecond, nice < 1 {
            throw AeroVaultError(.invalidArgument, "the write rate (--nice) must be at least 1 MiB/s")
        }
        if let partitions {
            guard !partitions.isEmpty else {
                throw AeroVaultError(.invalidArgument, "the partition list is empty")
            }
            if let bad = partitions.first(where: { !(0..<Digest.partitionCount).contains($0) }) {
                throw AeroVaultError(.invalidArgument, "partition \(bad) is outside 0-4095")
            }
        }
        if let binNames {
            guard !binNames.isEmpty else {
                throw AeroVaultError(.invalidArgument, "the bin list is empty; omit --bin-list to restore every bin")
            }
            if let bad = binNames.first(where: { $0.isEmpty || $0.utf8.count > 15 }) {
                throw AeroVaultError(.invalidArgument, "bin name '\(bad)' must be 1 to 15 bytes long")
            }
        }
        if let ns = targetNamespace, ns.isEmpty || ns.utf8.count > 31 {
            throw AeroVaultError(.invalidArgument, "target namespace '\(ns)' must be 1 to 31 bytes long")
        }
    }
}
