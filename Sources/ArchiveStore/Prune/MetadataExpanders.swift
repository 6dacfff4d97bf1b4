/// Knows how to find the chunks reachable from snapshot metadata blobs whose format ArchiveStore
/// does not define (e.g. the backup engine's digest-list table, a tree of tree chunks).
///
/// Keyed by the metadata name in ``Snapshot/metadata``. An expander receives the plaintext of the
/// named chunk and a loader, and returns **every** chunk id it reaches (intermediate tree chunks
/// and leaves), not including the root itself. A metadata chunk without an expander is scanned
/// conservatively: every 32-byte window equal to an indexed chunk id counts as a reference (a false
/// match needs a 2^-256 collision), and tree chunks found that way are scanned in turn, so `prune`
/// never deletes data that a metadata format it does not know references by raw id.
public struct MetadataExpanders: Sendable {
    /// Loads and verifies a chunk.
    public typealias Loader = @Sendable (ChunkID) async throws -> [UInt8]
    /// Returns every chunk reachable from `root` (the named chunk's plaintext).
    public typealias Expand = @Sendable (_ root: [UInt8], _ load: Loader) async throws -> [ChunkID]

    public var byName: [String: Expand]

    public init(_ byName: [String: Expand] = [:]) {
        self.byName = byName
    }

    /// No expanders: every tree metadata chunk is scanned conservatively.
    public static let none = MetadataExpanders()
}
