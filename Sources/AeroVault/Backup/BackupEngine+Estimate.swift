import AerospikeWire
import ArchiveStore
import Foundation

/// `aerovault backup --estimate`: scans a sample of partitions and extrapolates (nothing is stored).
extension BackupEngine {
    /// Partitions sampled at most; spread evenly over the selection.
    static let estimateSamplePartitions = 64

    /// Estimates the records and stored bytes of a full backup of the selected partitions by scanning
    /// up to 64 of them (one scan), encoding and compressing their records the way the repository would.
    /// - Throws: ``AeroVaultError`` `.namespaceNotFound`, or a scan failure.
    public func estimate() async throws -> BackupEstimate {
        try configuration.validate()
        _ = try await checkCluster()
        let selected = configuration.scannedPartitions
        let step = max(1, selected.count / Self.estimateSamplePartitions)
        let sample = stride(from: 0, to: selected.count, by: step).map { selected[$0] }
            .prefix(Self.estimateSamplePartitions)
        let sealer = Sealer(keys: MasterKey.generate().deriveKeys(), compressionLevel: repository.compressionLevel)
        // One scan for the whole sample (SPEC.md §14 "backup", "Scans"); records sorted out by partition.
        var encoded: [Int: [UInt8]] = [:]
        var counts: [Int: Int] = [:]
        let request = ScanRequest(
            namespace: configuration.namespace, set: ScanFilter.setField(configuration),
            binNames: configuration.normalizedBins, includeBinData: true,
            filter: ScanFilter.expression(configuration, changedSince: nil), partitions: .list(Array(sample)))
        try await cluster.scanBatches(request) { batch in
            for view in batch.records {
                let partition = batch.partitionID(of: view)
                let scanned = try batch.scannedRecord(view)
                guard let record = try? RecordMapper.archiveRecord(from: scanned, partition: partition) else { continue }
                RecordCodec.encode(record, into: &encoded[partition, default: []])
                counts[partition, default: 0] += 1
            }
        }
        let records = counts.values.reduce(0, +)
        let plain = encoded.values.reduce(0) { $0 + $1.count }
        var stored = 0
        for partition in sample {
            // Sealed size of the partition's records, plus its digest list (20 B per record, incompressible).
            stored += try sealer.seal(encoded[partition] ?? [], purpose: .data, associatedData: []).count + 1
                + 20 * (counts[partition] ?? 0)
        }
        let scale = Double(selected.count) / Double(max(1, sample.count))
        return BackupEstimate(
            partitionsSampled: sample.count, recordsSampled: records,
            estimatedRecords: Int((Double(records) * scale).rounded()),
            estimatedPlainBytes: Int((Double(plain) * scale).rounded()),
            estimatedStoredBytes: Int((Double(stored) * scale).rounded()))
    }
}
