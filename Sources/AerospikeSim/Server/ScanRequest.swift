import AerospikeWire

/// A partition scan or query request, parsed and checked (SPEC.md §13 "Scans and queries").
struct ScanRequest {
    /// One partition to scan, optionally resuming after a digest.
    struct Entry: Equatable {
        var partition: Int
        var resumeAfter: SimDigest?
    }

    var namespace: String
    /// Only records of this set (nil = whole namespace).
    var setName: String?
    /// Partitions in ascending id order.
    var entries: [Entry]
    var filter: FilterExpression?
    /// Stop after this many records (0 = no limit).
    var maxRecords: UInt64
    /// Records per second throttle (0 = none).
    var recordsPerSecond: UInt32
    /// Metadata only (NOBINDATA).
    var noBinData: Bool
    /// Only these bins (empty = all).
    var binNames: [String]
    /// Compress the reply protos.
    var compress: Bool

    /// Whether an AS_MSG is a scan/query rather than a single-record command.
    static func isScan(_ m: AsMessage) -> Bool {
        m.info1 & Info1.batch == 0 && m.field(.digest) == nil && m.field(.key) == nil
            && m.field(.namespace) != nil
    }

    /// Parses and validates a scan/query message for a node.
    /// - Returns: the request, or the result code the real server answers with.
    static func parse(_ m: AsMessage) -> Result<ScanRequest, CommandFailure> {
        guard let ns = m.namespace, !ns.isEmpty else { return .failure(CommandFailure(.invalidNamespace)) }
        if m.field(.indexName) != nil || m.field(.indexRange) != nil { return .failure(CommandFailure(ResultCode(201))) }
        if m.field(.udfPackageName) != nil || m.info2 & Info2.write != 0 { return .failure(CommandFailure(.unsupportedFeature)) }
        guard m.info3 & Info3.partitionDone != 0 else { return .failure(CommandFailure(.unsupportedFeature)) }
        var filter: FilterExpression?
        if let f = m.field(.filterExp) {
            guard let parsed = try? FilterExpression.decode(f.data) else { return .failure(CommandFailure(.parameterError)) }
            filter = parsed
        }
        guard let pids = try? m.pidArray(), let digests = try? m.digestArray() else { return .failure(CommandFailure(.parameterError)) }
        // The server refuses an empty PID_ARRAY or DIGEST_ARRAY ("pid array empty or too big").
        if (m.field(.pidArray) != nil && pids.isEmpty) || (m.field(.digestArray) != nil && digests.isEmpty) {
            return .failure(CommandFailure(.parameterError))
        }
        var entries: [Int: Entry] = [:]
        for p in pids {
            guard (0..<Digest.partitionCount).contains(p), entries[p] == nil else { return .failure(CommandFailure(.parameterError)) }
            entries[p] = Entry(partition: p)
        }
        for d in digests {
            guard let digest = SimDigest(bytes: d), entries[digest.partitionID] == nil else { return .failure(CommandFailure(.parameterError)) }
            entries[digest.partitionID] = Entry(partition: digest.partitionID, resumeAfter: digest)
        }
        if m.field(.pidArray) == nil && m.field(.digestArray) == nil {
            // No legacy whole-namespace scan: CE 8.1.2 answers "basic query missing pids and digests
            // fields" with 16 UNSUPPORTED_FEATURE.
            return .failure(CommandFailure(.unsupportedFeature))
        }
        var maxRecords: UInt64 = 0
        if let f = m.field(.maxRecords) {
            guard let v = f.uint64Value else { return .failure(CommandFailure(.parameterError)) }
            maxRecords = v
        }
        var rps: UInt32 = 0
        if let f = m.field(.recordsPerSecond) {
            guard f.data.count == 4, let v = f.uint64Value else { return .failure(CommandFailure(.parameterError)) }
            rps = UInt32(v)
        }
        let set = m.setName
        return .success(
            ScanRequest(
                namespace: ns, setName: (set?.isEmpty ?? true) ? nil : set,
                entries: entries.keys.sorted().compactMap { entries[$0] }, filter: filter, maxRecords: maxRecords,
                recordsPerSecond: rps, noBinData: m.info1 & Info1.noBinData != 0,
                binNames: m.operations.filter { $0.type == .read && !$0.name.isEmpty }.map(\.name),
                compress: m.info1 & Info1.compressResponse != 0))
    }
}
