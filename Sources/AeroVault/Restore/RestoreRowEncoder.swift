import AerospikeWire
import ArchiveStore

/// The restore fast path: turns an encoded record (``RecordView``) straight into its batch row.
///
/// It makes the decisions of ``RestorePlanner/plan(_:now:)`` through the same
/// ``RestorePlanner/verdict(isTombstone:set:voidTime:now:keptBins:)``, and the row of
/// ``PlannedWrite/batchRow(namespace:options:)`` byte for byte, but copies each bin from the chunk
/// into the row without an ``ArchiveRecord`` (no `String` per bin name, no array per value). One per
/// partition reader: it remembers the last set name, so records of one set share one `String`.
struct RestoreRowEncoder {
    /// What restore does with one record (see ``RestoreDecision``).
    enum Decision {
        /// Queue this row (or its rejection) carrying `binBytes` bytes of bin names and values.
        case write(Result<BatchWriteRow, QueuedWrite.Rejection>, binBytes: Int)
        case skipExpired
        case skipFiltered
        case ignore
    }

    let planner: RestorePlanner
    let namespace: String
    let options: RestoreOptions
    private var lastSet: (bytes: [UInt8], name: String)?

    init(planner: RestorePlanner, namespace: String, options: RestoreOptions) {
        self.planner = planner
        self.namespace = namespace
        self.options = options
    }

    /// Decides what to do with `record` at Unix time `now` (seconds) and encodes its row.
    mutating func plan(_ record: RecordView, now: Int64) -> Decision {
        let set = setName(of: record)
        var kept = record.binCount
        var binBytes = record.binPayloadByteCount
        let verdict = planner.verdict(isTombstone: record.isTombstone, set: set, voidTime: record.voidTime, now: now) {
            if planner.filtersBins {
                (kept, binBytes) = (0, 0)
                record.forEachBin { name, _, value in
                    guard planner.includes(binName: name) else { return }
                    kept += 1
                    binBytes += name.count + value.count
                }
            }
            return kept
        }
        let ttl: RestoreTTL
        switch verdict {
        case .ignore: return .ignore
        case .skipFiltered: return .skipFiltered
        case .skipExpired: return .skipExpired
        case .write(let planned): ttl = planned
        }
        let digest = record.digest.bytes
        let row = Result {
            try BatchWriteRow.restoring(
                namespace: namespace, set: set, digest: digest, key: record.key, generation: record.generation,
                ttl: ttl, options: options, binCount: kept, opBytes: binBytes + 8 * kept
            ) { writer in
                let filtersBins = planner.filtersBins
                try record.forEachBin { name, particleType, value in
                    guard !filtersBins || planner.includes(binName: name) else { return }
                    try writer.append(name: name, particleType: particleType, value: value)
                }
            }
        }.mapError { QueuedWrite.Rejection(digest: digest, set: set, message: "\($0)") }
        return .write(row, binBytes: binBytes)
    }

    /// The record's set name, reusing the previous record's `String` when the bytes are the same.
    private mutating func setName(of record: RecordView) -> String? {
        record.withSet { bytes -> String? in
            guard let bytes else { return nil }
            if let lastSet, lastSet.bytes.elementsEqual(bytes) { return lastSet.name }
            let name = String(decoding: bytes, as: UTF8.self)
            lastSet = (Array(bytes), name)
            return name
        }
    }
}
