import ArchiveStore
import AsbFormat
import Foundation

/// `aerovault import` (SPEC.md §14 "import"): asbackup files (§18) become one snapshot.
///
/// Every record of every file goes through one ``PartitionSorter`` keyed partition-first
/// (``PartitionOrderedRecord``), which spills sorted runs past its memory budget; draining it writes
/// each partition's one layer in turn. The secondary indexes and UDFs become the snapshot's
/// `cluster-metadata` (§17.5), as a backup stores them. A record whose digest occurs twice keeps the
/// copy read last.
public struct AsbImporter: Sendable {
    public struct Options: Sendable {
        /// The snapshot's namespace (the files' own namespace may differ: the import renames).
        public var namespace: String
        public var tags: [String] = []
        public var hostname = ProcessInfo.processInfo.hostName
        public var sortMemoryBudget = 256 * 1024 * 1024
        public var temporaryDirectory = FileManager.default.temporaryDirectory
        /// The key of files `asbackup --encrypt` wrote (SPEC.md §18.7); nil = the files are not encrypted.
        public var encryptionKey: AsbEncryptionKey? = nil

        public init(namespace: String) {
            self.namespace = namespace
        }
    }

    public struct Summary: Sendable, Equatable {
        public var snapshotID: SnapshotID
        public var files: Int
        /// Records in the snapshot (duplicates counted once).
        public var records: Int
        public var indexes: Int
        public var udfs: Int
        /// The namespace the files name (`# namespace` or `+ n`), if any.
        public var sourceNamespace: String?
    }

    /// Longest bin name a server accepts (SPEC.md §12.2).
    static let maxBinNameBytes = 15

    let repository: Repository

    public init(repository: Repository) {
        self.repository = repository
    }

    /// Reads `files` in order (plain or zstd) and saves the snapshot.
    /// - Throws: ``AsbError`` naming the file and line of the first malformed entry (nothing saved).
    public func run(files: [String], options: Options) async throws -> Summary {
        let sorter = PartitionSorter<PartitionOrderedRecord>(
            memoryBudget: options.sortMemoryBudget, spillDirectory: options.temporaryDirectory,
            cipher: EphemeralSpillCipher())
        var source = SourceNamespace()
        var indexes: [AsbSecondaryIndex] = []
        var udfs: [AsbUDF] = []
        for file in files {
            try Task.checkCancellation()
            let reader = try AsbFileSource.open(file, key: options.encryptionKey)
            if let namespace = try reader.readHeader().namespace {
                try source.check(namespace, reader: reader, file: file)
            }
            while let entry = try reader.next() {
                switch entry {
                case .record(let namespace, let record):
                    try source.check(namespace, reader: reader, file: file)
                    try Self.checkBins(record, reader: reader, file: file)
                    try sorter.add(PartitionOrderedRecord(record: Self.encoded(record)))
                case .index(let index): indexes.append(index)
                case .udf(let udf): udfs.append(udf)
                }
            }
        }
        let (table, records, bytes) = try await writeLayers(sorter)
        let metadata = ClusterMetadata(namespace: options.namespace, asbIndexes: indexes, asbUDFs: udfs)
        let metadataID = try await repository.saveChunk(try metadata.encode(), type: .tree).id
        var snapshot = Snapshot(
            host: options.hostname, tags: options.tags, namespace: options.namespace, recordCount: UInt64(records),
            byteCount: bytes, metadata: [ClusterMetadata.metadataName: metadataID],
            programVersion: AeroVaultVersion.string)
        snapshot.scope = SnapshotScopeFields()
        let id = try await repository.saveSnapshot(snapshot, partitions: table)
        return Summary(
            snapshotID: id, files: files.count, records: records, indexes: indexes.count, udfs: udfs.count,
            sourceNamespace: source.name)
    }

    /// Drains the sorter partition by partition into layers.
    private func writeLayers(_ sorter: PartitionSorter<PartitionOrderedRecord>) async throws
        -> (PartitionTable, Int, UInt64)
    {
        var table = PartitionTable()
        var records = 0
        var bytes: UInt64 = 0
        var current: (partition: Int, writer: LayerWriter)?
        func close() async throws {
            guard var open = current else { return }
            if let layer = try await open.writer.finish() { table.stacks[open.partition] = [layer] }
            bytes += open.writer.byteCount
            current = nil
        }
        try await sorter.drain { item in
            if current?.partition != item.partition {
                try await close()
                current = (item.partition, LayerWriter(repository: repository))
            }
            try await current!.writer.append(encoded: item.record.bytes[...], digest: item.record.digest, isTombstone: false)
            records += 1
        }
        try await close()
        return (table, records, bytes)
    }

    static func encoded(_ record: ArchiveRecord) -> EncodedRecord {
        EncodedRecord(digest: RecordDigest(record.digest)!, isTombstone: false, bytes: RecordCodec.encode(record))
    }

    /// A bin name a server would refuse (empty, longer than 15 bytes, repeated) fails the import here,
    /// where the file and line can be named, rather than the restore.
    static func checkBins(_ record: ArchiveRecord, reader: AsbReader, file: String) throws {
        var seen = Set<String>()
        for bin in record.bins {
            guard !bin.name.isEmpty, bin.name.utf8.count <= maxBinNameBytes, seen.insert(bin.name).inserted else {
                throw AsbError(
                    file: file, line: reader.entryLine,
                    message: "bin name '\(bin.name)' is empty, longer than \(maxBinNameBytes) bytes or repeated")
            }
        }
    }

    /// The one namespace the files may name.
    struct SourceNamespace {
        var name: String?

        mutating func check(_ namespace: String, reader: AsbReader, file: String) throws {
            guard let name else {
                name = namespace
                return
            }
            guard name == namespace else {
                throw AsbError(
                    file: file, line: reader.entryLine,
                    message: "namespace '\(namespace)' differs from '\(name)' of the files before; import one namespace at a time")
            }
        }
    }
}
