import AerospikeWire
import ArchiveStore
import Foundation

/// `aerovault backup --estimate`: scans a sample of partitions and extrapolates (nothing is stored).
extension BackupEngine {
    /// Partitions sampled at most; spread evenly over the selection.
    static let estimateSamplePartitions = 64

    /// Estimates the records and stored bytes of a full backup of the selected partitions by scanning
    /// up to 64 of them, encoding and compressing their records the way the repository would.
    /// - Throws: ``AeroVaultError`` `.namespaceNotFound`, or a scan failure.
    public func estimate() async throws -> BackupEstimate {
        try configuration.validate()
        _ = try await checkCluster()
        let selected = configuration.scannedPartitions
        let step = max(1, selected.count / Self.estimateSamplePartitions)
        let sample = stride(from: 0, to: selected.count, by: step).map { selected[$0] }
            .prefix(Self.estimateSamplePartitions)
        let sealer = Sealer(keys: MasterKey.generate().deriveKeys(), compressionLevel: repository.config.compressionLevel)
        var records = 0
        var plain = 0
        var stored = 0
        for partition in sample {
            var encoded: [UInt8] = []
            var count = 0
            let request = ScanRequest(
                namespace: configuration.namespace, set: ScanFilter.setField(configuration),
                binNames: configuration.normalizedBins, includeBinData: true,
                filter: ScanFilter.expression(configuration, changedSince: nil), partitions: .list([partition]))
            try await cluster.scanBatches(request) { batch in
                for view in batch.records {
                    let scanned = try batch.scannedRecord(view)
                    guard let record = try? RecordMapper.archiveRecord(from: scanned, partition: partition) else { continue }
                    RecordCodec.encode(record, into: &encoded)
                    count += 1
                }
            }
            records += count
            plain += encoded.count
            // Sealed size of the partition's records, plus its digest list (20 B per record, incompressible).
            stored += try sealer.seal(encoded, purpose: .data, associatedData: []).count + 1 + 20 * count
        }
        let scale = Double(selected.count) / Double(max(1, sample.count))
        return BackupEstimate(
            partitionsSampled: sample.count, recordsSampled: records,
            estimatedRecords: Int((Double(records) * scale).rounded()),
            estimatedPlainBytes: Int((Double(plain) * scale).rounded()),
            estimatedStoredBytes: Int((Double(stored) * scale).rounded()))
    }
}
