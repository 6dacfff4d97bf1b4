import Foundation

/// One sorted run spilled by ``PartitionSorter`` to a temporary file.
///
/// Layout (local and temporary, never part of a repository): a sequence of blocks, each
/// `length (u32 LE) || sealed block`. A block's plaintext is `version (1) || record || record || …` in the
/// conformer's ``SpillableRecord`` encoding. The associated data of block `i` is
/// `runID (16 random bytes) || i (u64 LE)`, and the number of blocks is kept in memory, so a truncated,
/// reordered or foreign block is rejected.
final class SpillRun {
    static let blockVersion: UInt8 = 1
    static let targetBlockSize = 256 * 1024

    let url: URL
    private let runID: [UInt8]
    private(set) var blockCount = 0

    private init(url: URL) {
        self.url = url
        self.runID = (0..<16).map { _ in UInt8.random(in: 0...255) }
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `records` (already sorted) to a new run file in `directory`.
    static func write<Record: SpillableRecord>(
        _ records: some Sequence<Record>, directory: URL, cipher: any SpillCipher
    ) throws -> SpillRun {
        let url = directory.appendingPathComponent(fileName())
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600])
        else {
            throw AeroVaultError(.io, "cannot create a sort spill file at \(url.path); check --temp-dir space and permissions")
        }
        let run = SpillRun(url: url)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var block: [UInt8] = [blockVersion]
        block.reserveCapacity(targetBlockSize + 4096)
        func emit() throws {
            let sealed = try cipher.seal(block, associatedData: run.associatedData(block: run.blockCount))
            var framed = [UInt8]()
            framed.reserveCapacity(sealed.count + 4)
            appendUInt32LE(UInt32(sealed.count), to: &framed)
            framed.append(contentsOf: sealed)
            try handle.write(contentsOf: framed)
            run.blockCount += 1
            block.removeAll(keepingCapacity: true)
            block.append(blockVersion)
        }
        for record in records {
            record.spillEncode(into: &block)
            if block.count >= targetBlockSize { try emit() }
        }
        if block.count > 1 { try emit() }
        return run
    }

    /// Opens the run for sequential reading; holds at most one block in memory.
    func makeReader<Record: SpillableRecord>(cipher: any SpillCipher, as: Record.Type) throws -> Reader<Record> {
        try Reader(run: self, cipher: cipher)
    }

    fileprivate func associatedData(block index: Int) -> [UInt8] {
        var ad = runID
        var v = UInt64(index)
        for _ in 0..<8 {
            ad.append(UInt8(truncatingIfNeeded: v))
            v >>= 8
        }
        return ad
    }

    /// Streams the records of one run in order.
    final class Reader<Record: SpillableRecord> {
        private let run: SpillRun
        private let cipher: any SpillCipher
        private let handle: FileHandle
        private var nextBlock = 0
        private var block: [UInt8] = []
        private var offset = 0

        fileprivate init(run: SpillRun, cipher: any SpillCipher) throws {
            self.run = run
            self.cipher = cipher
            self.handle = try FileHandle(forReadingFrom: run.url)
        }

        deinit { try? handle.close() }

        /// The next record, or nil at the end of the run.
        func next() throws -> Record? {
            while offset >= block.count {
                guard nextBlock < run.blockCount else { return nil }
                try loadBlock()
            }
            return try Record.spillDecode(block, at: &offset)
        }

        private func loadBlock() throws {
            let header = try handle.read(upToCount: 4) ?? Data()
            guard header.count == 4 else { throw truncated() }
            let length = Int(readUInt32LE(Array(header), at: 0))
            let sealed = try handle.read(upToCount: length) ?? Data()
            guard sealed.count == length else { throw truncated() }
            let plain = try cipher.open(Array(sealed), associatedData: run.associatedData(block: nextBlock))
            guard plain.first == SpillRun.blockVersion else {
                throw AeroVaultError(.corrupted, "sort spill file \(run.url.path) has an unknown block version")
            }
            block = plain
            offset = 1
            nextBlock += 1
        }

        private func truncated() -> AeroVaultError {
            AeroVaultError(.corrupted, "sort spill file \(run.url.path) is truncated (block \(nextBlock) of \(run.blockCount))")
        }
    }
}

@inline(__always)
func appendUInt32LE(_ value: UInt32, to out: inout [UInt8]) {
    out.append(UInt8(truncatingIfNeeded: value))
    out.append(UInt8(truncatingIfNeeded: value >> 8))
    out.append(UInt8(truncatingIfNeeded: value >> 16))
    out.append(UInt8(truncatingIfNeeded: value >> 24))
}

/// Reads a little-endian u32; the caller has checked that 4 bytes are available.
@inline(__always)
func readUInt32LE(_ bytes: [UInt8], at offset: Int) -> UInt32 {
    UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
        | UInt32(bytes[offset + 3]) << 24
}
