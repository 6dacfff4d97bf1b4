import AerospikeWire

/// `--worker I/N`: the I-th (1-based) of N equal, contiguous partition ranges (SPEC.md §14
/// "Workers"). N processes, each given one share, together cover every partition exactly once, so
/// they can run on several hosts (a Kubernetes Indexed Job passes `JOB_COMPLETION_INDEX + 1`).
public struct WorkerShare: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// - Throws: `.invalidArgument` unless 1 ≤ index ≤ count ≤ 4096.
    public init(index: Int, count: Int) throws {
        guard (1...Digest.partitionCount).contains(count), (1...count).contains(index) else {
            throw AeroVaultError(
                .invalidArgument, "--worker \(index)/\(count): need 1 ≤ I ≤ N ≤ \(Digest.partitionCount)")
        }
        self.index = index
        self.count = count
    }

    /// Parses `I/N`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw AeroVaultError(.invalidArgument, "--worker takes I/N (e.g. 2/4), not '\(text)'")
        }
        try self.init(index: index, count: count)
    }

    /// Partitions ⌊4096·(I−1)/N⌋ ..< ⌊4096·I/N⌋.
    public var partitions: Range<Int> {
        let total = Digest.partitionCount
        return (total * (index - 1) / count)..<(total * index / count)
    }

    /// The partitions of `selection` (nil = all) in this share, ascending.
    public func narrowing(_ selection: [Int]?) -> [Int] {
        (selection ?? Array(0..<Digest.partitionCount)).filter { partitions.contains($0) }
    }

    public var description: String { "\(index)/\(count)" }
}
