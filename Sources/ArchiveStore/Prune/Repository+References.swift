extension Repository {
    /// Every chunk reachable from `snapshots` (partition tables, layers, their data chunks, metadata
    /// and what ``MetadataExpanders`` reach), with any problem met on the way. Shared structure is
    /// counted once. Used by `stats --mode raw-data`.
    /// - Throws: transport errors only.
    public func referencedChunks(
        _ snapshots: [(id: SnapshotID, snapshot: Snapshot)], expanders: MetadataExpanders = .none
    ) async throws -> (chunks: Set<ChunkID>, problems: [ReferenceProblem]) {
        var walker = ReferenceWalker(repository: self, expanders: expanders)
        for (id, snapshot) in snapshots { try await walker.visit(snapshot, id: id) }
        return (walker.live, walker.problems)
    }
}
