import AerospikeWire

/// The time to live a restored record is written with, computed by ``RestoreTTL/plan(voidTime:mode:now:snapshotTime:)``.
public enum RestoreTTL: Equatable, Sendable {
    /// Write the record without expiry (wire TTL 0xFFFFFFFF).
    case never
    /// Write the record with this many seconds to live (1 ... ``maxSeconds``).
    case seconds(UInt32)
    /// The record's expiry has passed: skip it and count it as expired.
    case expired

    /// The largest TTL a server accepts (10 years); longer remaining times are clamped to it.
    public static let maxSeconds: UInt32 = 315_360_000

    /// Chooses the TTL for one record.
    ///
    /// - Parameters:
    ///   - voidTime: the backed-up void time, seconds since the Citrusleaf epoch; 0 = never expires.
    ///   - mode: `.keep` keeps the expiry moment (remaining = void time − now), `.extend` restores the TTL the
    ///     record had at `snapshotTime`, `.neverExpire` drops expiry.
    ///   - now: the current Unix time in seconds.
    ///   - snapshotTime: Unix time in seconds at which the snapshot's scan started.
    ///   - extra: seconds added to the expiry moment (`--extra-ttl`).
    /// - Returns: `.expired` when the record has no time left to live under `mode`.
    public static func plan(
        voidTime: UInt32, mode: RestoreOptions.TTLMode, now: Int64, snapshotTime: Int64, extra: UInt32 = 0
    ) -> RestoreTTL {
        if mode == .neverExpire || voidTime == 0 { return .never }
        let expiresAt = CitrusleafEpoch.unixSeconds + Int64(voidTime) + Int64(extra)
        let reference = mode == .keep ? now : snapshotTime
        let remaining = expiresAt - reference
        guard remaining > 0 else { return .expired }
        return .seconds(UInt32(min(remaining, Int64(maxSeconds))))
    }
}
