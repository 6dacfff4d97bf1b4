import ArchiveStore
import Foundation

/// RAM per index entry: stores `count` small distinct chunks through the Repository API into a
/// temporary local repository and reads the index's own accounting plus the RSS growth.
public struct IndexBench {
    public var count: Int

    public init(count: Int) { self.count = count }

    /// What the index costs.
    public struct Result: Sendable {
        /// The index's own heap accounting (``Repository/indexBytesPerEntry``).
        public var bytesPerEntry: Double
        /// Process RSS growth divided by the entry count (includes allocator slack and pack buffers).
        public var rssBytesPerEntry: Double
        /// Entries indexed.
        public var entries: Int
        /// Seconds to save and flush them.
        public var seconds: Double
    }

    /// Runs in `directory` (a fresh subfolder, removed afterwards).
    public func run(in directory: URL) async throws -> Result {
        let folder = directory.appendingPathComponent("index-bench")
        try? FileManager.default.removeItem(at: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        let repository = try await Repository.initialize(
            backend: LocalBackend(path: folder.path), password: Array("bench".utf8), kdf: .insecureFastForTesting)
        let before = ResourceUsage.currentRSSBytes()
        let (seconds, _) = try await Stopwatch.time {
            var chunk = [UInt8](repeating: 0, count: 16)
            for i in 0..<count {
                withUnsafeBytes(of: UInt64(i).littleEndian) { chunk.replaceSubrange(0..<8, with: $0) }
                _ = try await repository.saveChunk(chunk)
            }
            try await repository.flush()
        }
        let after = ResourceUsage.currentRSSBytes()
        let entries = await repository.indexedChunkCount
        return Result(
            bytesPerEntry: await repository.indexBytesPerEntry,
            rssBytesPerEntry: Double(after > before ? after - before : 0) / Double(max(1, entries)),
            entries: entries, seconds: seconds)
    }
}
