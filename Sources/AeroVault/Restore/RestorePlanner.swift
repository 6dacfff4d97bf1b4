import ArchiveStore

/// One record as it will be written by restore: filters, bin list and TTL already applied.
public struct PlannedWrite: Sendable, Equatable {
    /// RIPEMD-160 digest, 20 bytes; the record is written by digest.
    public var digest: [UInt8]
    /// Set name; nil = no set.
    public var set: String?
    /// User key, sent (and stored) when the backup had it.
    public var key: ArchiveKey?
    /// Bins to write, in backup order.
    public var bins: [ArchiveBin]
    /// The backed-up generation, used by the "generation greater than" check.
    public var generation: UInt32
    /// `.never` or `.seconds(n)`; never `.expired`.
    public var ttl: RestoreTTL

    /// Plaintext size of the bins (names and values), for byte counts.
    public var binBytes: Int { bins.reduce(0) { $0 + $1.name.utf8.count + $1.value.count } }
}

/// What restore does with one record of the merged snapshot stream.
public enum RestoreDecision: Sendable, Equatable {
    case write(PlannedWrite)
    /// Its expiry has passed (`--ttl keep`); counted as skipped-expired.
    case skipExpired
    /// Excluded by `--set` or left without bins by `--bin-list`; counted as skipped-filtered.
    case skipFiltered
    /// A tombstone (the merge normally drops them); not counted.
    case ignore
}

/// Decides, record by record, what restore writes (pure: no I/O, the clock is passed in).
///
/// Order of checks: tombstone → set filter → bin list → TTL. SPEC.md §14 "restore".
public struct RestorePlanner: Sendable {
    private let sets: Set<String>?
    private let bins: Set<String>?
    private let ttlMode: RestoreOptions.TTLMode
    private let extraTTL: UInt32
    private let snapshotTime: Int64

    /// - Parameters:
    ///   - options: the restore options (set filter, bin list, TTL mode).
    ///   - snapshotTime: Unix time in seconds at which the snapshot's scan started (for `--ttl extend`).
    public init(options: RestoreOptions, snapshotTime: Int64) {
        sets = options.sets.isEmpty ? nil : Set(options.sets)
        bins = options.binNames.map { Set($0) }
        ttlMode = options.ttlMode
        extraTTL = options.extraTTL
        self.snapshotTime = snapshotTime
    }

    /// True when a record of `set` (nil = no set) passes the set filter.
    public func includes(set: String?) -> Bool {
        guard let sets else { return true }
        return sets.contains(set ?? "")
    }

    /// Whether a bin list is given (otherwise every bin is written).
    var filtersBins: Bool { bins != nil }

    /// True when a bin named `name` (UTF-8 bytes, already validated) passes the bin list. Compares as
    /// `String`s do, so it agrees with ``plan(_:now:)`` for every name.
    func includes(binName name: UnsafeRawBufferPointer) -> Bool {
        guard let bins else { return true }
        // Bin names are at most 15 bytes: a small String, no allocation.
        return bins.contains(String(decoding: name, as: UTF8.self))
    }

    /// The TTL to write a record with void time `voidTime` at Unix time `now` (seconds).
    func ttl(voidTime: UInt32, now: Int64) -> RestoreTTL {
        RestoreTTL.plan(voidTime: voidTime, mode: ttlMode, now: now, snapshotTime: snapshotTime, extra: extraTTL)
    }

    /// What restore does with a record, decided the same way for decoded records (``plan(_:now:)``)
    /// and encoded ones (``RestoreRowEncoder``).
    enum Verdict: Equatable {
        case ignore
        case skipFiltered
        case skipExpired
        /// Write the kept bins with this TTL.
        case write(RestoreTTL)
    }

    /// The restore decisions, in their order: a tombstone is ignored, then the set filter, then the
    /// bin list (`keptBins` applies it and returns how many bins are kept; called only when the set
    /// passes), then the TTL at Unix time `now` (seconds).
    func verdict(isTombstone: Bool, set: String?, voidTime: UInt32, now: Int64, keptBins: () -> Int) -> Verdict {
        if isTombstone { return .ignore }
        guard includes(set: set), keptBins() > 0 else { return .skipFiltered }
        let ttl = self.ttl(voidTime: voidTime, now: now)
        return ttl == .expired ? .skipExpired : .write(ttl)
    }

    /// Decides what to do with `record` at Unix time `now` (seconds). Pass the time of the write, not of
    /// the restore's start: a remaining TTL is relative to the moment the server receives it.
    public func plan(_ record: ArchiveRecord, now: Int64) -> RestoreDecision {
        var kept = record.bins
        let verdict = verdict(isTombstone: record.isTombstone, set: record.set, voidTime: record.voidTime, now: now) {
            if let names = bins { kept = record.bins.filter { names.contains($0.name) } }
            return kept.count
        }
        switch verdict {
        case .ignore: return .ignore
        case .skipFiltered: return .skipFiltered
        case .skipExpired: return .skipExpired
        case .write(let ttl):
            return .write(
                PlannedWrite(
                    digest: record.digest, set: record.set, key: record.key, bins: kept,
                    generation: record.generation, ttl: ttl))
        }
    }
}
