/// Sealed, replaceable checkpoint files for resumable writers (SPEC.md §6, §17.6).
///
/// A checkpoint is a sealed metadata file (label `"checkpoint"`, version 1) under `checkpoints/<name>`;
/// unlike other files it is named by the caller (a keyed fingerprint) so a rerun finds it, and it is
/// replaced atomically by each save.
extension Repository {
    static let checkpointLabel = "checkpoint"

    /// Saves (or atomically replaces) the checkpoint `name` holding `body`.
    public nonisolated func saveCheckpoint(name: String, body: [UInt8]) async throws {
        let bytes = try SealedFile.seal(body, version: 1, label: Self.checkpointLabel, sealer: sealer)
        try await backend.save(.checkpoint, name: name, bytes: bytes)
    }

    /// The body of checkpoint `name`, or nil if there is none.
    /// - Throws: `.corrupted` naming the file if it fails authentication.
    public nonisolated func loadCheckpoint(name: String) async throws -> [UInt8]? {
        let bytes: [UInt8]
        do {
            bytes = try await backend.load(.checkpoint, name: name)
        } catch let error as ArchiveStoreError where error.code == .notFound {
            return nil
        }
        let what = FileKind.checkpoint.path(of: name)
        return try SealedFile.open(bytes, label: Self.checkpointLabel, what: what, sealer: sealer).body
    }

    /// Removes checkpoint `name` if it exists.
    public nonisolated func removeCheckpoint(name: String) async throws {
        do {
            try await backend.remove(.checkpoint, name: name)
        } catch let error as ArchiveStoreError where error.code == .notFound {}
    }
}
