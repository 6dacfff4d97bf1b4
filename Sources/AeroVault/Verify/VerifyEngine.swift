import AerospikeWire
import ArchiveStore
import Foundation

/// Reads partitions of a namespace from a cluster for verify (``Cluster`` conforms; tests fake it).
public protocol ClusterRecordReader: Sendable {
    /// Each partition's records ascending by digest, with only `binNames` (all bins when nil). Every
    /// requested partition has an entry, empty if it holds no record.
    func partitionRecords(namespace: String, partitions: [Int], binNames: [String]?) async throws -> [Int: [VerifyRecord]]
}

extension Cluster: ClusterRecordReader {
    public nonisolated func partitionRecords(
        namespace: String, partitions: [Int], binNames: [String]?
    ) async throws -> [Int: [VerifyRecord]] {
        try await ClusterPartitionScanner(cluster: self, namespace: namespace, binNames: binNames)
            .records(partitions: partitions)
    }
}

/// Compares a snapshot with what a cluster holds now, partition by partition (SPEC.md §14 "verify").
///
/// Both sides are filtered alike (sets, bin list); snapshot records whose expiry has passed are left
/// out, since the cluster has expired them. Generation, TTL and last-update time are not compared.
public struct VerifyEngine: Sendable {
    /// What to compare.
    public struct Options: Sendable, Equatable {
        /// Namespace scanned in the cluster; nil = the snapshot's namespace.
        public var targetNamespace: String?
        /// Only these sets ("" = no set); empty = all.
        public var sets: [String]
        /// Only these bins; nil = all.
        public var binNames: [String]?
        /// Partitions compared; nil = all 4096.
        public var partitions: [Int]?
        /// Partitions compared at the same time.
        public var parallel: Int

        public init(
            targetNamespace: String? = nil, sets: [String] = [], binNames: [String]? = nil, partitions: [Int]? = nil,
            parallel: Int = 8
        ) {
            self.targetNamespace = targetNamespace
            self.sets = sets
            self.binNames = binNames
            self.partitions = partitions
            self.parallel = parallel
        }
    }

    /// Partitions read from the cluster with one scan request.
    static let partitionsPerScan = 16

    let source: any SnapshotRecordSource
    let cluster: any ClusterRecordReader
    let options: Options
    let progress: any RestoreProgress
    let clock: @Sendable () -> Date

    public init(
        source: any SnapshotRecordSource, cluster: any ClusterRecordReader, options: Options,
        progress: any RestoreProgress = SilentRestoreProgress(), clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.source = source
        self.cluster = cluster
        self.options = options
        self.progress = progress
        self.clock = clock
    }

    /// Compares every selected partition and returns the report (differences are not thrown).
    /// - Throws: ``AeroVaultError`` `.invalidArgument` for bad options; `CancellationError`.
    public func run(snapshot: RestoreEngine.SnapshotInfo) async throws -> VerifyReport {
        let restoreStyle = RestoreOptions(
            targetNamespace: options.targetNamespace, sets: options.sets, binNames: options.binNames,
            partitions: options.partitions, parallel: options.parallel)
        try restoreStyle.validate()
        let started = ContinuousClock.now
        let namespace = options.targetNamespace ?? snapshot.namespace
        var report = VerifyReport(snapshotID: snapshot.id, snapshotNamespace: snapshot.namespace, clusterNamespace: namespace)
        let partitions = options.partitions ?? Array(0..<Digest.partitionCount)
        progress.report(
            .started(
                snapshotID: snapshot.id, partitions: partitions.count,
                records: partitions.reduce(0) { $0 + source.estimatedRecordCount(partition: $1) }))
        let nowVoid = Int64(clock().timeIntervalSince1970) - CitrusleafEpoch.unixSeconds
        let planner = RestorePlanner(options: restoreStyle, snapshotTime: 0)
        let bins = options.binNames.map { Set($0) }

        /// Compares one group of partitions: one cluster scan for the group, then partition by partition.
        @Sendable func verify(_ group: [Int]) async throws -> [(Int, VerifyTally?, Int, PartitionFailure?)] {
            let clusterSide: [Int: [VerifyRecord]]
            do {
                clusterSide = try await cluster.partitionRecords(
                    namespace: namespace, partitions: group, binNames: options.binNames)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                return group.map { ($0, nil, 0, PartitionFailure(partition: $0, message: "\(error)", recordsWritten: 0)) }
            }
            var out: [(Int, VerifyTally?, Int, PartitionFailure?)] = []
            for partition in group {
                var snapshotSide: [VerifyRecord] = []
                var filtered = 0
                do {
                    try await source.forEachRecord(partition: partition) { record in
                        guard planner.includes(set: record.set) else {
                            filtered += 1
                            return
                        }
                        if record.voidTime != 0, Int64(record.voidTime) <= nowVoid { return }
                        let r = VerifyRecord(archived: record).keepingBins(bins)
                        if bins == nil || !r.bins.isEmpty { snapshotSide.append(r) }
                    }
                    let clusterRecords = (clusterSide[partition] ?? [])
                        .filter { planner.includes(set: $0.set) }
                        .map { $0.keepingBins(bins) }
                        .filter { bins == nil || !$0.bins.isEmpty }
                    var tally = VerifyTally()
                    try VerifyComparator.compare(snapshot: snapshotSide, cluster: clusterRecords, into: &tally)
                    out.append((partition, tally, filtered, nil))
                } catch is CancellationError {
                    throw CancellationError()
                } catch {
                    out.append((partition, nil, filtered, PartitionFailure(partition: partition, message: "\(error)", recordsWritten: 0)))
                }
            }
            return out
        }

        let groups = stride(from: 0, to: partitions.count, by: Self.partitionsPerScan).map {
            Array(partitions[$0..<min(partitions.count, $0 + Self.partitionsPerScan)])
        }
        _ = try await PartitionFanOut.run(groups, parallel: options.parallel, work: verify) { results in
            for (partition, tally, filtered, failure) in results {
                report.filtered += filtered
                if let tally {
                    report.tally.merge(tally)
                    report.partitionsVerified.append(partition)
                    progress.report(.partitionVerified(partition: partition, tally: tally))
                }
                if let failure {
                    report.partitionsFailed.append(failure)
                    progress.report(.partitionFailed(failure))
                }
            }
            return true
        }
        report.partitionsVerified.sort()
        report.partitionsFailed.sort { $0.partition < $1.partition }
        report.seconds = started.duration(to: .now).seconds
        return report
    }
}
