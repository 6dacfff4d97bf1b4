import ArchiveStore
import AsbFormat
import Foundation

/// `aerovault export` (SPEC.md §14 "export"): a snapshot's merged records, secondary indexes and UDF
/// modules as asbackup files (§18) that asrestore restores.
public struct AsbExporter: Sendable {
    public struct Options: Sendable {
        public var directory: URL
        /// Bytes (before compression) after which a new file starts; asbackup's default is 250 MiB.
        public var fileLimit = 250 * 1024 * 1024
        /// zstd level for `--compress zstd`; nil writes plain files.
        public var zstdLevel: Int32?

        public init(directory: URL) {
            self.directory = directory
        }
    }

    public struct Summary: Sendable, Equatable {
        public var files: [URL]
        public var records: Int
        public var indexes: Int
        public var udfs: Int
        /// Indexes with no file form (named), left out.
        public var skippedIndexes: [String]
    }

    let repository: Repository

    public init(repository: Repository) {
        self.repository = repository
    }

    /// Writes the files of snapshot `id` into `options.directory` (which must exist).
    /// - Throws: ``AsbEncoder/UnsupportedValue`` for a record the format cannot carry; the files
    ///   finished before stay, the one being written is removed.
    public func run(_ id: SnapshotID, options: Options) async throws -> Summary {
        let snapshot = try await repository.loadSnapshot(id)
        let metadata =
            try await ClusterMetadataRestorer.load(from: snapshot, loader: repository)
            ?? ClusterMetadata(namespace: snapshot.namespace, sindexes: [], udfs: [])
        let (indexes, skipped) = metadata.asbIndexes(namespace: snapshot.namespace)
        let writer = AsbFileSetWriter(
            directory: options.directory, namespace: snapshot.namespace, fileLimit: options.fileLimit,
            zstdLevel: options.zstdLevel)
        try writer.begin(indexes: indexes, udfs: metadata.asbUDFs)
        var records = 0
        try await SnapshotRecords(loader: repository).forEach(id) { _, record in
            try writer.append(record)
            records += 1
            return true
        }
        try writer.finish()
        return Summary(
            files: writer.finished, records: records, indexes: indexes.count, udfs: metadata.udfs.count,
            skippedIndexes: skipped)
    }
}
