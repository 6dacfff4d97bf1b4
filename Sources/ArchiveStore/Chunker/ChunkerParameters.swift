/// Target sizes for cutting record streams into chunks (SPEC.md §5).
///
/// Part of a repository's immutable configuration: changing them changes where chunks are cut,
/// and so defeats deduplication against earlier backups.
public struct ChunkerParameters: Codable, Sendable, Equatable {
    /// Approximate mean chunk size in bytes.
    public var averageSize: Int
    /// No chunk is cut before it holds this many bytes (except the last of a stream).
    public var minSize: Int
    /// A chunk is cut as soon as it holds this many bytes, boundary hash or not. A single record
    /// larger than this forms a chunk of its own.
    public var maxSize: Int

    public init(averageSize: Int, minSize: Int, maxSize: Int) {
        self.averageSize = averageSize
        self.minSize = minSize
        self.maxSize = maxSize
    }

    /// Average 256 KiB, minimum 64 KiB, maximum 1 MiB.
    public static let `default` = ChunkerParameters(averageSize: 256 << 10, minSize: 64 << 10, maxSize: 1 << 20)

    /// Largest accepted ``maxSize`` (64 MiB), well under the sealed-blob limit.
    public static let maxSizeLimit = 64 << 20

    /// Checks `1 ≤ minSize < averageSize < maxSize ≤ 64 MiB`.
    ///
    /// - Throws: ``ArchiveStoreError`` `.invalidArgument` naming the violated condition.
    public func validate() throws {
        guard minSize >= 1 else {
            throw ArchiveStoreError(.invalidArgument, "chunker minSize must be at least 1 byte, got \(minSize)")
        }
        guard minSize < averageSize, averageSize < maxSize else {
            throw ArchiveStoreError(
                .invalidArgument,
                "chunker sizes must satisfy minSize < averageSize < maxSize, got \(minSize), \(averageSize), \(maxSize)")
        }
        guard maxSize <= Self.maxSizeLimit else {
            throw ArchiveStoreError(
                .invalidArgument, "chunker maxSize \(maxSize) exceeds the \(Self.maxSizeLimit)-byte limit")
        }
    }
}
