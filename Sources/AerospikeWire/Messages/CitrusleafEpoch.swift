/// The epoch of Aerospike's void times and `current_time`: 2010-01-01T00:00:00Z (SPEC.md §12.2 "Times").
///
/// A void time (record_ttl in replies, and in a backup's records) counts seconds from here; 0 means the
/// record never expires. The one owner of this fact for the client, the simulator and the engines.
public enum CitrusleafEpoch {
    /// Seconds from the Unix epoch to the Citrusleaf epoch.
    public static let unixSeconds: Int64 = 1_262_304_000
}
