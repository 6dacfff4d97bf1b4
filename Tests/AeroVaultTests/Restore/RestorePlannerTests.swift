import AerospikeWire
import ArchiveStore
import Foundation
import Testing

@testable import AeroVault

@Suite struct RestorePlannerTests {
    let now: Int64 = CitrusleafEpoch.unixSeconds + 600_000_000
    var nowVoid: UInt32 { UInt32(now - CitrusleafEpoch.unixSeconds) }

    func record(set: String? = "users", voidTime: UInt32 = 0, bins: [String] = ["a", "b"]) -> ArchiveRecord {
        ArchiveRecord(
            digest: Array(repeating: 7, count: 20), set: set,
            key: ArchiveKey(particleType: 1, value: [0, 0, 0, 0, 0, 0, 0, 42]), generation: 4, voidTime: voidTime,
            bins: bins.map { ArchiveBin(name: $0, particleType: 3, value: Array($0.utf8)) })
    }

    func planner(_ options: RestoreOptions = RestoreOptions()) -> RestorePlanner {
        RestorePlanner(options: options, snapshotTime: now - 3600)
    }

    @Test func writesEverythingByDefault() throws {
        guard case .write(let w) = planner().plan(record(), now: now) else {
            Issue.record("expected a write")
            return
        }
        #expect(w.bins.map(\.name) == ["a", "b"])
        #expect(w.generation == 4)
        #expect(w.ttl == .never)
        #expect(w.set == "users")
    }

    @Test func setFilterSkipsOtherSetsAndNamesNoSetAsEmpty() {
        let p = planner(RestoreOptions(sets: ["orders", ""]))
        #expect(p.plan(record(set: "users"), now: now) == .skipFiltered)
        if case .write = p.plan(record(set: "orders"), now: now) {} else { Issue.record("orders should be written") }
        if case .write = p.plan(record(set: nil), now: now) {} else { Issue.record("no-set record should be written") }
    }

    @Test func binListKeepsNamedBinsAndSkipsEmptiedRecords() {
        let p = planner(RestoreOptions(binNames: ["b", "z"]))
        guard case .write(let w) = p.plan(record(), now: now) else {
            Issue.record("expected a write")
            return
        }
        #expect(w.bins.map(\.name) == ["b"])
        #expect(p.plan(record(bins: ["a"]), now: now) == .skipFiltered)
    }

    @Test func expiredRecordsAreSkipped() {
        #expect(planner().plan(record(voidTime: nowVoid - 1), now: now) == .skipExpired)
        guard case .write(let w) = planner().plan(record(voidTime: nowVoid + 100), now: now) else {
            Issue.record("expected a write")
            return
        }
        #expect(w.ttl == .seconds(100))
    }

    @Test func tombstonesAreIgnored() {
        #expect(planner().plan(.tombstone(digest: Array(repeating: 1, count: 20)), now: now) == .ignore)
    }

    @Test func writePolicyFollowsTheFlags() {
        let gen: UInt32 = 9
        let byDefault = RestoreOptions().writePolicy(generation: gen, ttl: .never, sendKey: true)
        #expect(byDefault.recordExists == .update)
        #expect(byDefault.generation == .greater(9))
        #expect(byDefault.ttl == .never)
        #expect(byDefault.sendKey)

        let replace = RestoreOptions(existsAction: .replace).writePolicy(generation: gen, ttl: .seconds(5), sendKey: false)
        #expect(replace.recordExists == .replace)
        #expect(replace.generation == .greater(9))
        #expect(replace.ttl == .seconds(5))

        let noGen = RestoreOptions(checkGeneration: false).writePolicy(generation: gen, ttl: .never, sendKey: false)
        #expect(noGen.generation == GenerationPolicy.none)

        let unique = RestoreOptions(existsAction: .createOnly).writePolicy(generation: gen, ttl: .never, sendKey: false)
        #expect(unique.recordExists == .createOnly)
        #expect(unique.generation == GenerationPolicy.none)
    }

    @Test func batchRowCarriesDigestKeyAndRawParticles() throws {
        guard case .write(let w) = planner().plan(record(), now: now) else {
            Issue.record("expected a write")
            return
        }
        let row = try w.batchRow(namespace: "target", options: RestoreOptions())
        let a = try row.attributes()
        #expect(row.namespace == "target")
        #expect(row.digest == Array(repeating: 7, count: 20))
        #expect(a.fields.map(\.type) == [.namespace, .setName, .key])
        #expect(a.fields[0].stringValue == "target")
        #expect(a.fields[1].stringValue == "users")
        #expect(try UserKey(fieldData: a.fields[2].data) == .integer(42))
        #expect(a.operations.map(\.name) == ["a", "b"])
        #expect(a.operations.allSatisfy { $0.type == .write })
        #expect(a.operations[0].particleType.rawValue == 3)
        #expect(a.operations[0].value == Array("a".utf8))
        // No RESPOND_ALL_OPS: the server answers a write row without echoing its bins.
        #expect((a.info2 ?? 0) & Info2.respondAllOps == 0)
        #expect((a.info2 ?? 0) & Info2.write != 0)
    }

    /// The row is the one the general path builds for the same write (`BatchWrite` with the stored
    /// particles as raw values), byte for byte.
    @Test func batchRowEqualsTheGeneralPathsRow() throws {
        for (i, options) in [RestoreOptions(), RestoreOptions(existsAction: .createOnly), RestoreOptions(existsAction: .replace)].enumerated() {
            var r = record(set: i == 1 ? nil : "users")
            if i == 1 { r.key = ArchiveKey(particleType: 99, value: [1]) }  // not sendable: dropped
            guard case .write(let w) = planner().plan(r, now: now) else {
                Issue.record("expected a write")
                return
            }
            let userKey = w.key.flatMap { try? UserKey(fieldData: [$0.particleType] + $0.value) }
            let general = BatchWrite(
                key: Key(namespace: "n", set: w.set, digest: w.digest, userKey: userKey),
                action: .put(w.bins.map { Bin($0.name, .raw(type: ParticleType(rawValue: $0.particleType), $0.value)) }),
                policy: options.writePolicy(generation: w.generation, ttl: w.ttl, sendKey: userKey != nil))
            #expect(try w.batchRow(namespace: "n", options: options).bytes == BatchWriteRow(general).bytes)
        }
    }

    @Test func mapsAndListsPassThroughByteForByte() throws {
        let msgpack: [UInt8] = [0x82, 0xA2, 0x03, 0x61, 0x01, 0xA2, 0x03, 0x62, 0x02]
        var r = record()
        r.bins = [ArchiveBin(name: "m", particleType: 19, value: msgpack)]
        guard case .write(let w) = planner().plan(r, now: now) else {
            Issue.record("expected a write")
            return
        }
        let op = try #require(try w.batchRow(namespace: "n", options: RestoreOptions()).attributes().operations.first)
        #expect(op.particleType.rawValue == 19)
        #expect(op.value == msgpack)
    }

    @Test func verifyRecordFromArchiveMatchesScannedRecord() {
        let archived = VerifyRecord(archived: record())
        let scanned = VerifyRecord(
            scanned: ScannedRecord(
                namespace: "n", digest: Array(repeating: 7, count: 20), set: "users", userKey: .integer(42),
                generation: 1, voidTime: 0, bins: [Bin("a", .string("a")), Bin("b", .string("b"))]))
        #expect(archived == scanned)
    }
}

@Suite struct SnapshotSelectorTests {
    static func entry(_ n: UInt8, _ ns: String, _ t: TimeInterval) -> (id: SnapshotID, snapshot: Snapshot) {
        (ID32(bytes: Array(repeating: n, count: 32))!, Snapshot(time: Date(timeIntervalSince1970: t), namespace: ns))
    }

    let all = [entry(1, "a", 100), entry(2, "b", 150), entry(3, "a", 200), entry(4, "a", 300)]

    @Test func latestIsTheNewestOfTheNamespace() throws {
        #expect(try SnapshotSelector.choose(from: all, at: nil, namespace: "a").id == all[3].id)
        #expect(try SnapshotSelector.choose(from: all, at: nil, namespace: "b").id == all[1].id)
    }

    @Test func atPicksTheNewestAtOrBeforeTheTime() throws {
        #expect(try SnapshotSelector.choose(from: all, at: Date(timeIntervalSince1970: 250), namespace: "a").id == all[2].id)
        #expect(try SnapshotSelector.choose(from: all, at: Date(timeIntervalSince1970: 200), namespace: "a").id == all[2].id)
        #expect(throws: AeroVaultError.self) {
            try SnapshotSelector.choose(from: all, at: Date(timeIntervalSince1970: 50), namespace: "a")
        }
        #expect(throws: AeroVaultError.self) { try SnapshotSelector.choose(from: all, at: nil, namespace: "zz") }
    }
}
