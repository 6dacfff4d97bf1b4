import ArchiveStore

/// The record codec (SPEC.md §5): chunk plaintexts, read after their blob authenticated, but
/// written from records an Aerospike cluster sent.
enum RecordTargets {
    static let all: [FuzzTarget] = [recordCodec, recordView]

    static let recordCodec = FuzzTarget("record-codec", seeds: { [sampleChunk] }) { bytes in
        _ = try? RecordCodec.decodeAll(bytes)
    }

    /// The in-place view must accept and reject exactly what the copying decoder does, ending at the same offset.
    static let recordView = FuzzTarget("record-view", seeds: { [sampleChunk] }) { bytes in
        var viewOffset = 0
        var codecOffset = 0
        while viewOffset < bytes.count {
            let view = try? RecordView(bytes, at: &viewOffset)
            let record = try? RecordCodec.decode(bytes, at: &codecOffset)
            guard let view, let record else {
                precondition(view == nil && record == nil, "RecordView and RecordCodec disagree on acceptance")
                return
            }
            precondition(viewOffset == codecOffset && view.decoded() == record, "RecordView and RecordCodec disagree")
            view.forEachBin { name, _, value in _ = name.count + value.count }
            _ = (view.set, view.key)
        }
    }

    static var sampleRecords: [ArchiveRecord] {
        let digest = (0..<20).map { UInt8($0 * 7 & 0xff) }
        return [
            ArchiveRecord(
                digest: digest, set: "demo", key: ArchiveKey(particleType: 3, value: Array("user-1".utf8)),
                generation: 4, voidTime: 500_000_000, lastUpdateTime: 1_765_000_000_000_000_000,
                bins: [ArchiveBin(name: "age", particleType: 1, value: [0, 0, 0, 0, 0, 0, 0, 42]),
                       ArchiveBin(name: "name", particleType: 3, value: Array("aerovault".utf8))]),
            ArchiveRecord.tombstone(digest: digest.reversed()),
            ArchiveRecord(digest: digest.map { $0 ^ 0x55 }, bins: [ArchiveBin(name: "", particleType: 4, value: [])]),
        ]
    }

    static var sampleChunk: [UInt8] { sampleRecords.flatMap { RecordCodec.encode($0) } }
}
