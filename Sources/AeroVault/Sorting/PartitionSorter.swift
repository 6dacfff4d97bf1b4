import ArchiveStore
import Foundation

/// Orders one partition's scanned records ascending by digest with bounded memory.
///
/// The server returns a partition in descending digest order, but nothing relies on it: records are
/// buffered until `memoryBudget` bytes, then sorted and spilled to a sealed ``SpillRun``; ``drain(_:)``
/// k-way merges the runs with the in-memory remainder. Fast paths: input that is already ascending
/// passes through, descending input is reversed in memory (both only while under budget).
/// When a digest occurs more than once, the record added last wins.
///
/// Not thread-safe: one sorter belongs to one partition worker.
final class PartitionSorter<Record: SpillableRecord> {
    private let memoryBudget: Int
    private let spillDirectory: URL
    private let cipher: any SpillCipher
    private var buffer: [Record] = []
    /// Approximate bytes of the records buffered in memory (not yet spilled).
    private(set) var bufferedBytes = 0
    private var ascending = true
    private var descending = true
    private var runs: [SpillRun] = []
    private var drained = false

    /// Number of runs spilled to disk so far (for tests and progress).
    var spilledRunCount: Int { runs.count }
    /// Number of records added.
    private(set) var count = 0

    /// - Parameters:
    ///   - memoryBudget: bytes of buffered records before a run is spilled (at least 1).
    ///   - spillDirectory: where run files go; they are deleted when the sorter is released.
    ///   - cipher: seals run blocks (an ephemeral in-memory key in production).
    init(memoryBudget: Int, spillDirectory: URL, cipher: any SpillCipher) {
        self.memoryBudget = max(1, memoryBudget)
        self.spillDirectory = spillDirectory
        self.cipher = cipher
    }

    /// Buffers one record, spilling a sorted run when the budget is exceeded.
    func add(_ record: Record) throws {
        precondition(!drained, "PartitionSorter.add after drain")
        if let last = buffer.last {
            let (a, b) = (last.sortKey, record.sortKey)
            if !(a < b) { ascending = false }
            if !(b < a) { descending = false }
        }
        buffer.append(record)
        bufferedBytes += record.approximateByteCount
        count += 1
        if bufferedBytes > memoryBudget { try spill() }
    }

    /// Delivers every record once, ascending by digest (duplicates resolved to the newest).
    func drain(_ body: (Record) async throws -> Void) async throws {
        precondition(!drained, "PartitionSorter.drain called twice")
        drained = true
        if runs.isEmpty {
            for record in sortedBuffer() { try await body(record) }
            buffer = []
            return
        }
        let memory = sortedBuffer()
        buffer = []
        try await merge(memory: memory, body)
        runs = []
    }

    /// The buffer sorted ascending and de-duplicated, using the monotone fast paths when possible.
    private func sortedBuffer() -> [Record] {
        if ascending { return buffer }
        if descending { return buffer.reversed() }
        var indices = Array(buffer.indices)
        let records = buffer
        indices.sort { a, b in
            let (x, y) = (records[a].sortKey, records[b].sortKey)
            return x != y ? x < y : a < b
        }
        var out: [Record] = []
        out.reserveCapacity(records.count)
        for index in indices {
            if let last = out.last, last.sortKey == records[index].sortKey {
                out[out.count - 1] = records[index]
            } else {
                out.append(records[index])
            }
        }
        return out
    }

    /// Sorts the buffered records into a run on disk (``PartitionSorterSet`` calls it when the
    /// partitions of one scan together exceed their budget).
    func spill() throws {
        guard !buffer.isEmpty else { return }
        let sorted = sortedBuffer()
        runs.append(try SpillRun.write(sorted, directory: spillDirectory, cipher: cipher))
        buffer.removeAll(keepingCapacity: true)
        bufferedBytes = 0
        ascending = true
        descending = true
    }

    /// K-way merge of the spilled runs (oldest first) and the in-memory remainder (newest).
    private func merge(memory: [Record], _ body: (Record) async throws -> Void) async throws {
        let readers = try runs.map { try $0.makeReader(cipher: cipher, as: Record.self) }
        var heads: [Record?] = try readers.map { try $0.next() }
        var memoryIndex = 0
        heads.append(memory.first)
        let memorySource = heads.count - 1
        func advance(_ source: Int) throws {
            if source == memorySource {
                memoryIndex += 1
                heads[source] = memoryIndex < memory.count ? memory[memoryIndex] : nil
            } else {
                heads[source] = try readers[source].next()
            }
        }
        while true {
            // The smallest digest wins; among equal digests the newest source (highest index) wins and
            // the older duplicates are skipped.
            var best: Int? = nil
            for source in heads.indices {
                guard let head = heads[source] else { continue }
                if let current = best, let bestHead = heads[current],
                    bestHead.sortKey < head.sortKey
                {
                    continue
                }
                best = source
            }
            guard let winner = best, let record = heads[winner] else { return }
            for source in heads.indices where source != winner {
                while let head = heads[source], head.sortKey == record.sortKey { try advance(source) }
            }
            try advance(winner)
            try await body(record)
        }
    }
}
