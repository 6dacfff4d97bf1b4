import AeroVault
import AerospikeWire
import Foundation
import Synchronization

/// A host clock for backup tests: starts at a chosen time, moves only when told, and sleeps by moving
/// forward at once (recording the sleep).
final class FakeBackupClock: BackupClock {
    private let state: Mutex<(now: Date, sleeps: [Duration])>

    init(unixSeconds: Double) { state = Mutex((Date(timeIntervalSince1970: unixSeconds), [])) }

    func now() -> Date { state.withLock { $0.now } }

    func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        state.withLock {
            $0.sleeps.append(duration)
            $0.now += Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
    }

    func advance(seconds: Double) { state.withLock { $0.now += seconds } }

    var sleeps: [Duration] { state.withLock { $0.sleeps } }
    var unixNanoseconds: UInt64 { UInt64(now().timeIntervalSince1970 * 1e9) }
}

/// An in-memory cluster for the backup engine: records with last-update times stamped by a
/// ``FakeBackupClock`` (which is also the cluster's `current_time`), scans that honour the partition
/// list, the set and the last-update window of the filter, and injectable scan failures. No sockets.
final class FakeBackupSource: BackupSource {
    struct Record {
        var digest: [UInt8]
        var set: String?
        var value: [UInt8]
        var generation: UInt32
        /// Nanoseconds since the Unix epoch.
        var lastUpdate: UInt64
    }

    /// One scan the engine asked for.
    struct ScanLog: Equatable {
        var partitions: [Int]
        var includeBinData: Bool
        /// The lower bound of the last-update window, if the filter had one (ns).
        var changedSince: Int64?
    }

    private struct State {
        var records: [[UInt8]: Record] = [:]
        var nodes = ["BB9000000000001@127.0.0.1:3000", "BB9000000000002@127.0.0.1:3001"]
        var scans: [ScanLog] = []
        var failScans: [Int: Int] = [:]
        var refreshes = 0
    }

    let namespace: String
    let clock: FakeBackupClock
    private let state = Mutex(State())

    init(namespace: String = "test", clock: FakeBackupClock) {
        self.namespace = namespace
        self.clock = clock
    }

    /// A digest in `partition` (its first two bytes carry the partition id, SPEC.md §12.3).
    static func digest(partition: Int, _ n: Int) -> [UInt8] {
        [UInt8(partition & 0xFF), UInt8(partition >> 8), UInt8(n & 0xFF), UInt8(n >> 8)] + [UInt8](repeating: 7, count: 16)
    }

    /// Writes a record now (by the clock), or at `lastUpdate` ns when given.
    func put(_ digest: [UInt8], value: [UInt8], set: String? = "s", lastUpdate: UInt64? = nil) {
        let time = lastUpdate ?? clock.unixNanoseconds
        state.withLock {
            let generation = ($0.records[digest]?.generation ?? 0) + 1
            $0.records[digest] = Record(digest: digest, set: set, value: value, generation: generation, lastUpdate: time)
        }
    }

    func delete(_ digest: [UInt8]) { _ = state.withLock { $0.records.removeValue(forKey: digest) } }

    /// The next `times` scans touching `partition` fail with a timeout when they reach it.
    func failScans(of partition: Int, times: Int) { state.withLock { $0.failScans[partition] = times } }

    func setNodes(_ nodes: [String]) { state.withLock { $0.nodes = nodes } }

    var records: [[UInt8]: Record] { state.withLock { $0.records } }
    var scans: [ScanLog] { state.withLock { $0.scans } }
    var refreshes: Int { state.withLock { $0.refreshes } }

    // MARK: BackupSource

    func namespaces() async throws -> [String] { [namespace] }
    func clusterName() async throws -> String { "fake" }
    func nodeIdentities() async throws -> [String] { state.withLock { $0.nodes } }
    func currentTime(namespace: String) async throws -> UInt64 { clock.unixNanoseconds / 1_000_000_000 }
    func refreshRoutes() async { state.withLock { $0.refreshes += 1 } }
    /// No partition map: groups keep partition order (the engine's node grouping is tested on its own).
    func partitionMasters(namespace: String) async -> [Int: String] { [:] }

    func clusterMetadata(namespace: String) async throws -> ClusterMetadata {
        ClusterMetadata(namespace: namespace, sindexes: [["indexname": "by_v", "bin": "v", "type": "blob"]], udfs: [])
    }

    /// Delivers the requested partitions in order, each as its records (shuffled, in frames of 3)
    /// then `.partitionDone`; a partition set to fail throws a timeout when its turn comes, after the
    /// partitions before it were delivered and reported complete.
    func scanEvents(_ request: ScanRequest, deliver: (ScanBatchEvent) async throws -> Void) async throws {
        let partitions = request.partitions.partitionIDs
        let window = Self.window(request.filter)
        let (byPartition, failing) = state.withLock { (state: inout State) -> ([Int: [Record]], Int?) in
            state.scans.append(ScanLog(partitions: partitions, includeBinData: request.includeBinData, changedSince: window.from))
            let failing = partitions.first(where: { (state.failScans[$0] ?? 0) > 0 })
            if let failing { state.failScans[failing]! -= 1 }
            let wanted = Set(partitions)
            let records = state.records.values.filter { record in
                wanted.contains(Digest.partitionID(record.digest))
                    && (request.set == nil || record.set == request.set)
                    && window.from.map { Int64(record.lastUpdate) >= $0 } ?? true
                    && window.until.map { Int64(record.lastUpdate) < $0 } ?? true
            }
            return (Dictionary(grouping: records) { Digest.partitionID($0.digest) }, failing)
        }
        for partition in partitions {
            if partition == failing { throw WireError(.timeout, "fake scan timed out") }
            let messages = (byPartition[partition] ?? []).shuffled().map { record in
                AsMessage(
                    generation: record.generation,
                    fields: [.string(.namespace, request.namespace), Field(type: .digest, data: record.digest)]
                        + (record.set.map { [.string(.setName, $0)] } ?? []),
                    operations: request.includeBinData ? [.write("v", .blob(record.value))] : [])
            }
            for start in stride(from: 0, to: messages.count, by: 3) {
                var body: [UInt8] = []
                for message in messages[start..<min(start + 3, messages.count)] { message.encode(into: &body) }
                var offset = 0
                var views: [AsMessageView] = []
                while offset < body.count { views.append(try AsMessageView.parse(body, at: &offset)) }
                try await deliver(.records(ScanRecordBatch(body: body, records: views, namespace: request.namespace)))
            }
            try await deliver(.partitionDone(partition))
        }
    }

    /// The last-update window of a backup filter (`lastUpdate >= from and lastUpdate < until`); any
    /// other expression is a test error.
    static func window(_ filter: FilterExpression?) -> (from: Int64?, until: Int64?) {
        switch filter {
        case nil: return (nil, nil)
        case .ge(.lastUpdate, .int(let from)): return (from, nil)
        case .lt(.lastUpdate, .int(let until)): return (nil, until)
        case .and(let parts):
            let windows = parts.map(window)
            return (windows.compactMap(\.from).max(), windows.compactMap(\.until).min())
        default: preconditionFailure("FakeBackupSource does not evaluate \(String(describing: filter))")
        }
    }
}
