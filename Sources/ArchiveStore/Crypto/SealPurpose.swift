/// What a sealed blob holds; picks the subkey that seals it (SPEC.md §3, §4).
///
/// Using separate keys means a chunk blob can never be opened as metadata or the other way round.
public enum SealPurpose: UInt8, Sendable {
    /// Chunk plaintext (records); sealed with `KeySet.dataKey`.
    case data = 1
    /// Pack headers, index files, snapshots; sealed with `KeySet.metadataKey`.
    case metadata = 2
}
