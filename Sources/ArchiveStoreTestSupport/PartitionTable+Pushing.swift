import ArchiveStore

extension PartitionTable {
    /// Returns a copy with `layer` pushed on top of `partition`'s stack (an incremental's new layer),
    /// for tests that build tables by hand.
    public func pushing(_ layer: LayerRef, onto partition: Int) -> PartitionTable {
        var copy = self
        copy.stacks[partition].append(layer)
        return copy
    }
}
