import AeroVaultTestSupport
import AerospikeWire
import ArchiveStore
import Testing

@testable import AeroVault

/// The fast path (``RestoreRowEncoder`` on encoded records) must give exactly what the general path
/// (``RestorePlanner`` → ``PlannedWrite`` → row) gives, for every option that changes a row.
@Suite struct RestoreRowEncoderTests {
    static let now: Int64 = CitrusleafEpoch.unixSeconds + 600_000_000
    static let snapshotTime = now - 86_400

    /// A small deterministic generator (xorshift64*), so failures replay.
    struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return Int((state &* 0x2545_F491_4F6C_DD1D) >> 33) % bound
        }
        mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(next(256)) } }
        mutating func pick<T>(_ items: [T]) -> T { items[next(items.count)] }
    }

    /// Records with what matters to restore: sets (none, filtered, non-ASCII, too long), keys
    /// (sendable or not), bins (non-ASCII names, a name too long to send, none at all), and void
    /// times (never, past, soon, beyond the 10-year clamp); a tenth are tombstones.
    static func records(count: Int, seed: UInt64) -> [ArchiveRecord] {
        var rng = Random(state: seed)
        let sets: [String?] = [nil, "", "users", "orders", "séts-ünïcode", String(repeating: "s", count: 64)]
        let keys: [ArchiveKey?] = [
            nil, ArchiveKey(particleType: 1, value: [0, 0, 0, 0, 0, 0, 0, 42]), ArchiveKey(particleType: 1, value: [1, 2]),
            ArchiveKey(particleType: 3, value: Array("kéy".utf8)), ArchiveKey(particleType: 3, value: [0xFF, 0xFE]),
            ArchiveKey(particleType: 4, value: [9, 8, 7]), ArchiveKey(particleType: 99, value: [1]),
        ]
        let names = ["a", "b", "bïn", "longer-name-15b", "sixteen-byte-bin", "K", "\u{212A}"]
        let nowVoid = UInt32(now - CitrusleafEpoch.unixSeconds)
        let voidTimes: [UInt32] = [0, 0, nowVoid - 10, nowVoid - 100_000, nowVoid + 50, nowVoid + 400_000_000]
        return (0..<count).map { _ in
            let digest = rng.bytes(20)
            if rng.next(10) == 0 { return .tombstone(digest: digest) }
            let binCount = rng.next(5)
            let bins = (0..<binCount).map { i in
                ArchiveBin(
                    name: i == 0 ? rng.pick(names) : "b\(i)", particleType: UInt8(rng.pick([1, 2, 3, 4, 19, 20])),
                    value: rng.bytes(rng.next(40)))
            }
            return ArchiveRecord(
                digest: digest, set: rng.pick(sets), key: rng.pick(keys), generation: UInt32(rng.next(70_000)),
                voidTime: rng.pick(voidTimes), lastUpdateTime: UInt64(rng.next(1 << 30)), bins: bins)
        }
    }

    /// Every combination of the options that change the decision or the row bytes.
    static var optionCombinations: [RestoreOptions] {
        var all: [RestoreOptions] = []
        for sets in [[], ["users", ""]] as [[String]] {
            for binNames in [nil, ["a", "bïn", "K", "longer-name-15b"]] as [[String]?] {
                for ttlMode in RestoreOptions.TTLMode.allCases {
                    for existsAction in RestoreOptions.ExistsAction.allCases {
                        for checkGeneration in [true, false] {
                            all.append(
                                RestoreOptions(
                                    sets: sets, binNames: binNames, existsAction: existsAction,
                                    checkGeneration: checkGeneration, ttlMode: ttlMode))
                        }
                    }
                }
            }
        }
        return all
    }

    /// A decision with its row reduced to comparable values.
    enum Outcome: Equatable {
        case row(namespace: String, bytes: [UInt8], partition: Int, binBytes: Int)
        case rejected(digest: [UInt8], set: String?, message: String, binBytes: Int)
        case skipExpired, skipFiltered, ignore

        init(_ row: Result<BatchWriteRow, QueuedWrite.Rejection>, binBytes: Int) {
            switch row {
            case .success(let row):
                self = .row(namespace: row.namespace, bytes: row.bytes, partition: row.partitionID, binBytes: binBytes)
            case .failure(let r): self = .rejected(digest: r.digest, set: r.set, message: r.message, binBytes: binBytes)
            }
        }
    }

    static func general(_ record: ArchiveRecord, _ planner: RestorePlanner, _ namespace: String, _ options: RestoreOptions)
        -> Outcome
    {
        switch planner.plan(record, now: now) {
        case .write(let write):
            let row = Result { try write.batchRow(namespace: namespace, options: options) }
                .mapError { QueuedWrite.Rejection(digest: write.digest, set: write.set, message: "\($0)") }
            return Outcome(row, binBytes: write.binBytes)
        case .skipExpired: return .skipExpired
        case .skipFiltered: return .skipFiltered
        case .ignore: return .ignore
        }
    }

    static func fast(_ view: RecordView, _ encoder: inout RestoreRowEncoder) -> Outcome {
        switch encoder.plan(view, now: now) {
        case .write(let row, let binBytes): return Outcome(row, binBytes: binBytes)
        case .skipExpired: return .skipExpired
        case .skipFiltered: return .skipFiltered
        case .ignore: return .ignore
        }
    }

    @Test func fastPathRowsEqualGeneralPathRows() throws {
        let records = Self.records(count: 150, seed: 0x5EED)
        var encoded: [UInt8] = []
        for record in records { RecordCodec.encode(record, into: &encoded) }
        var kinds: [String: Int] = [:]
        for (i, options) in Self.optionCombinations.enumerated() {
            let namespace = i % 2 == 0 ? "test" : "other-namespace"
            let planner = RestorePlanner(options: options, snapshotTime: Self.snapshotTime)
            var encoder = RestoreRowEncoder(planner: planner, namespace: namespace, options: options)
            var offset = 0
            for record in records {
                let view = try RecordView(encoded, at: &offset)
                let expected = Self.general(record, planner, namespace, options)
                #expect(Self.fast(view, &encoder) == expected, "options #\(i), record \(HexCoding.encode(record.digest))")
                kinds["\(expected)".prefix(while: { $0 != "(" }).description, default: 0] += 1
            }
            #expect(offset == encoded.count)
        }
        // The records and options reach every kind of decision.
        #expect(Set(kinds.keys) == ["row", "rejected", "skipExpired", "skipFiltered", "ignore"])
    }

    /// A source that only has ``ArchiveRecord``s gets the fast path through the protocol's default.
    @Test func defaultViewsOfASourceAreItsRecords() async throws {
        let records = Self.records(count: 60, seed: 7).filter { !$0.isTombstone }
        let source = InMemorySnapshotSource(records: records)
        var seen: [ArchiveRecord] = []
        for partition in Set(records.map { Digest.partitionID($0.digest) }) {
            try await source.forEachRecordView(partition: partition) { seen.append($0.decoded()) }
        }
        #expect(seen.count == records.count)
        #expect(Set(seen.map(\.digest)) == Set(records.map(\.digest)))
        for record in seen { #expect(records.contains(record)) }
    }
}
