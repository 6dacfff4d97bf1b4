import ArchiveStore
import ArchiveStoreTestSupport
import Foundation

/// RAM per index entry: stores small distinct chunks through the Repository API into a temporary
/// local repository and reads, at each checkpoint, the index's own accounting and the RSS growth.
///
/// Meant to run in a fresh process (`aerovault-bench index-probe`): the RSS growth is then the
/// repository's own (index, pack buffers, allocator slack), not memory freed by earlier work.
public struct IndexBench {
    /// Entry counts at which to report, ascending; the last one is the total saved.
    public var checkpoints: [Int]

    public init(checkpoints: [Int]) { self.checkpoints = checkpoints.sorted() }

    /// What the index costs at one checkpoint.
    public struct Result: Codable, Sendable {
        /// The index's own heap accounting (``Repository/indexBytesPerEntry``).
        public var bytesPerEntry: Double
        /// Process RSS growth since the empty repository was opened, divided by the entry count
        /// (includes allocator slack and pack buffers).
        public var rssBytesPerEntry: Double
        /// Entries indexed.
        public var entries: Int
        /// Seconds to save and flush them (cumulative from the first chunk).
        public var seconds: Double
    }

    /// Runs in `directory` (a fresh subfolder, removed afterwards); `report` gets each checkpoint's
    /// result as soon as it is measured (the chunks are flushed first, so the index holds them).
    public func run(in directory: URL, report: (Result) -> Void) async throws {
        let folder = directory.appendingPathComponent("index-bench")
        try? FileManager.default.removeItem(at: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        let repository = try await Repository.initialize(
            backend: LocalBackend(path: folder.path), password: Array("bench".utf8), kdf: .insecureFastForTesting)
        let before = ResourceUsage.currentRSSBytes()
        let start = DispatchTime.now().uptimeNanoseconds
        var chunk = [UInt8](repeating: 0, count: 16)
        var saved = 0
        for checkpoint in checkpoints {
            while saved < checkpoint {
                withUnsafeBytes(of: UInt64(saved).littleEndian) { chunk.replaceSubrange(0..<8, with: $0) }
                _ = try await repository.saveChunk(chunk)
                saved += 1
            }
            try await repository.flush()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let after = ResourceUsage.currentRSSBytes()
            let entries = await repository.indexedChunkCount
            report(Result(
                bytesPerEntry: await repository.indexBytesPerEntry,
                rssBytesPerEntry: Double(after > before ? after - before : 0) / Double(max(1, entries)),
                entries: entries, seconds: seconds))
        }
    }
}
