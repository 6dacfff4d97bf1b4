import AerospikeWire
import ArchiveStore
import Foundation

/// Multi-partition scans (SPEC.md §14 "backup", "Scans"): one scan covers a group of partitions (the
/// wire client sends one request per node, §12.11); records arrive interleaved across partitions and
/// are taken apart by their digest's partition.
extension BackupEngine {
    /// Reply frames buffered per scan before reading pauses (a frame holds many records).
    static let scanBufferedFrames = 16
    /// Largest group: bounds the records one worker buffers until its scan ends.
    static let maxPartitionsPerScan = 64

    /// Partitions per scan request: ``BackupConfiguration/partitionsPerScan``, else the selected
    /// partitions split into `--parallel` groups of at most ``maxPartitionsPerScan``.
    func partitionsPerScan(selected: Int) -> Int {
        if let fixed = configuration.partitionsPerScan { return fixed }
        let parallel = max(1, configuration.parallel)
        return min(Self.maxPartitionsPerScan, max(1, (selected + parallel - 1) / parallel))
    }

    /// The scan groups: each node's partitions (by the map when the backup starts) in order, cut into
    /// groups of `size`; the nodes take turns, so workers running side by side load different nodes.
    /// A group then costs one scan job on one node. Partitions with no known master form their own
    /// "node".
    static func scanGroups(_ partitions: [Int], size: Int, masters: [Int: String]) -> [[Int]] {
        var byNode: [String: [Int]] = [:]
        var nodeOrder: [String] = []
        for partition in partitions {
            let node = masters[partition] ?? ""
            if byNode[node] == nil { nodeOrder.append(node) }
            byNode[node, default: []].append(partition)
        }
        let chunked = nodeOrder.map { node in
            let list = byNode[node] ?? []
            return stride(from: 0, to: list.count, by: max(1, size)).map { Array(list[$0..<min(list.count, $0 + max(1, size))]) }
        }
        var groups: [[Int]] = []
        for turn in 0..<(chunked.map(\.count).max() ?? 0) {
            for node in chunked where turn < node.count { groups.append(node[turn]) }
        }
        return groups
    }

    /// One group's scanned records: a sorter per partition and the records that could not be mapped.
    struct GroupRecords {
        let sorters: PartitionSorterSet<EncodedRecord>
        /// Per partition, each scanned digest with the keyed hash of its encoded record (the last one
        /// scanned wins, as in the sorter); only when asked for.
        var contents: [Int: [RecordDigest: ChunkID]]
        var failures: [Int: Int]
        /// Scan requests sent (including retries).
        var scans: Int
    }

    /// Scans the records of `partitions` into per-partition sorters, encoding each straight from its
    /// reply frame; records that cannot be mapped are reported and counted. With `hashContents`, also
    /// each partition's scanned digests and content hashes (an incremental compares them with the
    /// parent's).
    func scanGroupRecords(
        _ partitions: [Int], filter: FilterExpression?, hashContents: Bool, run: RunContext
    ) async throws -> GroupRecords {
        let budget = max(1 << 20, configuration.sortMemoryBudget / max(1, configuration.parallel))
        var result = GroupRecords(
            sorters: PartitionSorterSet(
                partitions: partitions, memoryBudget: budget, spillDirectory: configuration.temporaryDirectory,
                cipher: spillCipher),
            contents: [:], failures: [:], scans: 0)
        var encoder = ScanRecordEncoder()
        let scans = try await scanWithRetry(
            partitions, filter: filter, includeBinData: !configuration.noBins, run: run,
            reset: { partition in
                result.sorters.discard(partition)
                result.contents[partition] = nil
                result.failures[partition] = nil
            },
            deliver: { batch in
                // `--max-records`: records past the budget are dropped (the server was asked to stop too).
                let allowed = await run.state.takeRecords(batch.records.count)
                for view in batch.records.prefix(allowed) {
                    let actual = batch.partitionID(of: view)
                    let partition = result.sorters.contains(actual) ? actual : partitions[0]
                    do {
                        let record = try encoder.encode(view, in: batch, partition: partition)
                        if hashContents {
                            result.contents[partition, default: [:]][record.digest] = repository.chunkID(of: record.bytes)
                        }
                        try result.sorters.add(record, to: partition)
                    } catch let failure as RecordMapper.Failure {
                        result.failures[partition, default: 0] += 1
                        progress.report(
                            .recordFailed(partition: partition, digestHex: failure.digestHex, message: failure.message))
                    }
                }
            })
        result.scans = scans
        return result
    }

    /// The live digests of `partitions` (metadata-only scan), per partition ascending and unique, and
    /// the scan requests sent.
    func scanGroupDigests(_ partitions: [Int], run: RunContext) async throws -> (digests: [Int: [[UInt8]]], scans: Int) {
        let wanted = Set(partitions)
        var digests: [Int: [[UInt8]]] = [:]
        let filter = ScanFilter.expression(configuration, changedSince: nil)
        let scans = try await scanWithRetry(
            partitions, filter: filter, includeBinData: false, run: run, reset: { digests[$0] = nil },
            deliver: { batch in
                for view in batch.records {
                    let partition = batch.partitionID(of: view)
                    guard wanted.contains(partition), let range = view.digestRange else { continue }
                    digests[partition, default: []].append(Array(batch.body[range]))
                }
            })
        return (digests.mapValues(Self.sortedUnique), scans)
    }

    /// Scans `partitions` with one request, retrying after a failure the partitions the source did not
    /// report complete (after `reset` dropped what they collected), with a backoff and a route
    /// refresh in between, at most `--max-retries` times. The wire client itself already resumes
    /// partitions whose node failed. Each reply frame first passes `--nice`'s limiter; a request
    /// running past `--total-timeout` fails as a timeout (and is retried).
    /// - Returns: the scan requests sent.
    private func scanWithRetry(
        _ partitions: [Int], filter: FilterExpression?, includeBinData: Bool, run: RunContext,
        reset: (Int) -> Void, deliver: (ScanRecordBatch) async throws -> Void
    ) async throws -> Int {
        var pending = partitions
        var attempt = 1
        let attempts = configuration.scanRetries + 1
        while true {
            var done = Set<Int>()
            await run.state.countScan()
            var request = scanRequest(pending, filter: filter, includeBinData: includeBinData)
            request.maxRecords = await run.state.remainingRecords.map { UInt64($0) }
            let deadline = configuration.totalTimeout.map { clock.now().addingTimeInterval($0.seconds) }
            do {
                try await cluster.scanEvents(request) { event in
                    if let deadline, clock.now() > deadline {
                        throw WireError(.timeout, "the scan ran past --total-timeout")
                    }
                    switch event {
                    case .records(let batch):
                        try await readLimiter?.acquire(batch.body.count)
                        try await deliver(batch)
                    case .partitionDone(let partition): done.insert(partition)
                    }
                }
                return attempt
            } catch let error as WireError where attempt < attempts {
                pending.removeAll { done.contains($0) }
                for partition in pending { reset(partition) }
                progress.report(
                    .warning("\(Self.describe(pending)): scan failed (\(error)); retrying (\(attempt))"))
                try await clock.sleep(for: configuration.retryDelay ?? .milliseconds(200 * attempt))
                await cluster.refreshRoutes()
                attempt += 1
            } catch let error as WireError {
                pending.removeAll { done.contains($0) }
                throw AeroVaultError(
                    .scanFailed, "scanning \(Self.describe(pending)) failed \(attempt) times; rerun to continue",
                    cause: error)
            }
        }
    }

    private func scanRequest(_ partitions: [Int], filter: FilterExpression?, includeBinData: Bool) -> ScanRequest {
        let rate = configuration.recordsPerSecond.map { UInt32(clamping: max(1, $0 / max(1, configuration.parallel))) }
        return ScanRequest(
            namespace: configuration.namespace, set: ScanFilter.setField(configuration),
            binNames: includeBinData ? configuration.normalizedBins : nil, includeBinData: includeBinData,
            filter: filter, partitions: .list(partitions), recordsPerSecond: rate,
            bufferSize: Self.scanBufferedFrames)
    }

    /// "partition 7" or "partitions 0, 1, 2 … (64)" for messages.
    static func describe(_ partitions: [Int]) -> String {
        if partitions.count == 1 { return "partition \(partitions[0])" }
        let head = partitions.prefix(8).map(String.init).joined(separator: ", ")
        return partitions.count > 8 ? "partitions \(head) … (\(partitions.count))" : "partitions \(head)"
    }

    static func sortedUnique(_ digests: [[UInt8]]) -> [[UInt8]] {
        var sorted = digests
        if !DigestOrder.isStrictlyAscending(sorted) {
            sorted.sort { DigestOrder.less($0, $1) }
        }
        var out: [[UInt8]] = []
        out.reserveCapacity(sorted.count)
        for digest in sorted where out.last != digest { out.append(digest) }
        return out
    }
}
