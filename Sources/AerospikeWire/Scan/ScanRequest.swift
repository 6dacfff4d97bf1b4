/// Which partitions a scan covers.
public enum PartitionFilter: Equatable, Sendable {
    case all
    case range(Range<Int>)
    case list([Int])

    /// The partition ids, in order.
    public var partitionIDs: [Int] {
        switch self {
        case .all: return Array(0..<Digest.partitionCount)
        case .range(let r): return Array(r.clamped(to: 0..<Digest.partitionCount))
        case .list(let l): return l
        }
    }
}

/// A partition scan.
public struct ScanRequest: Sendable {
    /// Namespace to scan.
    public var namespace: String
    /// Only this set (nil = whole namespace).
    public var set: String?
    /// Only these bins (nil = all).
    public var binNames: [String]?
    /// false = metadata only (NOBINDATA).
    public var includeBinData: Bool
    /// Server-side filter; records where it is false are skipped.
    public var filter: FilterExpression?
    /// Partitions to cover (default all 4096).
    public var partitions: PartitionFilter
    /// Resume points from an earlier scan: partition → last digest delivered.
    public var resumeFrom: [Int: [UInt8]]
    /// Approximate cap on records (split evenly across nodes, as official clients do).
    public var maxRecords: UInt64?
    /// Per-node records-per-second throttle.
    public var recordsPerSecond: UInt32?
    /// Socket idle timeout (also sent as the server's SOCKET_TIMEOUT); nil = the cluster's.
    public var socketTimeout: Duration?
    /// Rounds before giving up on partitions that keep failing.
    public var maxRounds: Int
    /// Events buffered between the sockets and the consumer before reading pauses.
    public var bufferSize: Int

    /// Creates a scan request; only the namespace is required.
    public init(
        namespace: String, set: String? = nil, binNames: [String]? = nil, includeBinData: Bool = true,
        filter: FilterExpression? = nil, partitions: PartitionFilter = .all, resumeFrom: [Int: [UInt8]] = [:],
        maxRecords: UInt64? = nil, recordsPerSecond: UInt32? = nil, socketTimeout: Duration? = nil,
        maxRounds: Int = 8, bufferSize: Int = 256
    ) {
        self.namespace = namespace
        self.set = set
        self.binNames = binNames
        self.includeBinData = includeBinData
        self.filter = filter
        self.partitions = partitions
        self.resumeFrom = resumeFrom
        self.maxRecords = maxRecords
        self.recordsPerSecond = recordsPerSecond
        self.socketTimeout = socketTimeout
        self.maxRounds = maxRounds
        self.bufferSize = bufferSize
    }

    /// The AS_MSG for one node's share (SPEC.md §12.11).
    func message(for request: ScanStateMachine.NodeRequest, nodeCount: Int, timeout: Duration, taskID: UInt64) -> AsMessage {
        var fields: [Field] = [.string(.namespace, namespace)]
        if let set { fields.append(.string(.setName, set)) }
        if !request.partitions.isEmpty { fields.append(AsMessage.pidArrayField(request.partitions)) }
        if !request.resumeDigests.isEmpty { fields.append(AsMessage.digestArrayField(request.resumeDigests)) }
        if let filter { fields.append(filter.field) }
        if let maxRecords, maxRecords > 0 {
            let share = (maxRecords + UInt64(max(1, nodeCount)) - 1) / UInt64(max(1, nodeCount))
            fields.append(.uint64(.maxRecords, share))
        }
        if let recordsPerSecond, recordsPerSecond > 0 { fields.append(.uint32(.recordsPerSecond, recordsPerSecond)) }
        fields.append(.uint32(.socketTimeout, timeout.milliseconds))
        fields.append(.uint64(.taskID, taskID))
        let ops = (binNames ?? []).map(Operation.read)
        var info1 = Info1.read
        if !includeBinData { info1 |= Info1.noBinData }
        return AsMessage(info1: info1, info3: Info3.partitionDone, fields: fields, operations: ops)
    }
}

