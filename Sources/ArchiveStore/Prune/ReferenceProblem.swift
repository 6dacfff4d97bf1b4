/// Something wrong found while following a snapshot's references: a missing or unreadable chunk.
public struct ReferenceProblem: Sendable, Hashable, CustomStringConvertible {
    /// The snapshot whose tree leads to the problem.
    public var snapshot: SnapshotID
    /// The chunk that is missing or damaged, if one is known.
    public var chunk: ChunkID?
    /// What happened, naming the structure (partition table, layer, metadata entry) and the file.
    public var message: String

    public init(snapshot: SnapshotID, chunk: ChunkID?, message: String) {
        self.snapshot = snapshot
        self.chunk = chunk
        self.message = message
    }

    public var description: String { "snapshot \(snapshot.short): \(message)" }
}
