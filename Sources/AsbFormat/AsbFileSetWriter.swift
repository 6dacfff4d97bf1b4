import ArchiveStore
import Foundation

/// Writes a namespace's entries as asbackup does into a directory (SPEC.md §18.6): files
/// `<namespace>_00000.asb`, `_00001`, …, each with the header, the first one marked `# first-file` and
/// holding the indexes and UDFs; a new file starts once the current one has reached the size limit
/// (counted before compression). Each file is written under a temporary name, fsynced and renamed.
public final class AsbFileSetWriter {
    public let directory: URL
    public let namespace: String
    private let fileLimit: Int
    private let zstdLevel: Int32?
    private var file: DurableFile.Writer?
    private var compressor: ZstdStreamCompressor?
    private var pending: [UInt8] = []
    private var fileBytes = 0
    /// The files finished so far, in order.
    public private(set) var finished: [URL] = []

    /// Bytes gathered before they are written (and compressed) in one step.
    static let writeSize = 1 << 20

    /// - Parameters:
    ///   - fileLimit: bytes after which the next record starts a new file.
    ///   - zstdLevel: compress every file as one zstd stream at this level; nil writes plain files.
    public init(directory: URL, namespace: String, fileLimit: Int, zstdLevel: Int32?) {
        self.directory = directory
        self.namespace = namespace
        self.fileLimit = max(1, fileLimit)
        self.zstdLevel = zstdLevel
    }

    /// Starts the first file with the indexes and UDFs.
    public func begin(indexes: [AsbSecondaryIndex], udfs: [AsbUDF]) throws {
        try startFile()
        var lines: [UInt8] = []
        for index in indexes { AsbEncoder.append(index, to: &lines) }
        for udf in udfs { AsbEncoder.append(udf, to: &lines) }
        try add(lines)
    }

    /// Appends one record, first starting a new file if the current one is full.
    public func append(_ record: ArchiveRecord) throws {
        var lines: [UInt8] = []
        try AsbEncoder.append(record, namespace: namespace, to: &lines)
        if fileBytes >= fileLimit {
            try finishFile()
            try startFile()
        }
        try add(lines)
    }

    /// Finishes the last file. Without it, the files written so far stay and the current one is removed.
    public func finish() throws {
        try finishFile()
    }

    private func startFile() throws {
        let number = String(finished.count)
        let name = namespace + "_" + String(repeating: "0", count: max(0, 5 - number.count)) + number + ".asb"
        file = try DurableFile.Writer(target: directory.appendingPathComponent(name))
        compressor = try zstdLevel.map { try ZstdStreamCompressor(level: $0, pledgedLength: nil) }
        fileBytes = 0
        try add(AsbEncoder.header(namespace: namespace, isFirstFile: finished.isEmpty))
    }

    private func add(_ bytes: [UInt8]) throws {
        pending += bytes
        fileBytes += bytes.count
        if pending.count >= Self.writeSize { try flush(isLast: false) }
    }

    private func flush(isLast: Bool) throws {
        guard let file else { return }
        if let compressor {
            try compressor.compress(pending, isLast: isLast) { try file.write($0) }
        } else if !pending.isEmpty {
            try file.write(pending)
        }
        pending = []
    }

    private func finishFile() throws {
        guard let file else { return }
        try flush(isLast: true)
        try file.commit()
        finished.append(file.target)
        self.file = nil
        compressor = nil
    }
}
