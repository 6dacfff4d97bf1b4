/// Interleaves a partition's changed records (ascending) with its tombstones into the contents of one
/// new layer, skipping changed records the ``IncrementalPlanner`` dropped. Pure state machine: feed
/// records in ascending digest order, then call ``finish()``.
struct LayerContentMerger<Record> {
    /// One entry of the new layer, in ascending digest order.
    enum Output {
        case record(Record)
        case tombstone([UInt8])
    }

    private let tombstones: [[UInt8]]
    private let dropped: [[UInt8]]
    private var nextTombstone = 0
    private var nextDropped = 0
    private let digestOf: (Record) -> [UInt8]

    init(plan: IncrementalPlanner.Plan, digest: @escaping (Record) -> [UInt8]) {
        self.tombstones = plan.tombstones
        self.dropped = plan.droppedChanged
        self.digestOf = digest
    }

    /// Returns the tombstones that sort before `record`, then the record unless it was dropped or is
    /// itself a tombstone.
    mutating func feed(_ record: Record) -> [Output] {
        let digest = digestOf(record)
        var out: [Output] = []
        while nextTombstone < tombstones.count, DigestOrder.less(tombstones[nextTombstone], digest) {
            out.append(.tombstone(tombstones[nextTombstone]))
            nextTombstone += 1
        }
        while nextDropped < dropped.count, DigestOrder.less(dropped[nextDropped], digest) { nextDropped += 1 }
        let isDropped = nextDropped < dropped.count && dropped[nextDropped] == digest
        if nextTombstone < tombstones.count, tombstones[nextTombstone] == digest {
            out.append(.tombstone(digest))
            nextTombstone += 1
        } else if !isDropped {
            out.append(.record(record))
        }
        return out
    }

    /// The tombstones after the last record.
    mutating func finish() -> [Output] {
        defer { nextTombstone = tombstones.count }
        return tombstones[nextTombstone...].map { .tombstone($0) }
    }
}
