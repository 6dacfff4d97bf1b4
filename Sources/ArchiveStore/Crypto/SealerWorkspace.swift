/// Scratch memory for sealing one blob at a time, reused from blob to blob so the write path does
/// not allocate (and page-fault in) fresh buffers per chunk.
///
/// Not thread-safe: a workspace belongs to one task at a time; a ``ContextPool`` hands them out to
/// concurrent savers (``Repository/workspaces``).
final class SealerWorkspace: ReusableContext {
    /// Output of ``Sealer/seal(_:purpose:associatedData:into:)``; only its prefix is the last blob.
    var sealed: [UInt8] = []

    /// Keeps the buffer: a seal writes the blob's bytes before anything reads them.
    func reset() {}
}
