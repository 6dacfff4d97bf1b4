import Testing

@testable import AeroVault

@Suite struct VerifyComparatorTests {
    static func record(_ n: UInt8, set: String? = "s", bins: [String: VerifyRecord.BinValue]? = nil) -> VerifyRecord {
        var digest = [UInt8](repeating: 0, count: 20)
        digest[0] = n
        return VerifyRecord(
            digest: digest, set: set, key: VerifyRecord.Key(particleType: 1, bytes: [0, 0, 0, 0, 0, 0, 0, n]),
            bins: bins ?? ["a": .init(particleType: 1, bytes: [0, 0, 0, 0, 0, 0, 0, n]), "b": .init(particleType: 3, bytes: [65])])
    }

    let base = (1...20).map { record(UInt8($0)) }

    @Test func identicalStreamsMatch() throws {
        var tally = VerifyTally()
        try VerifyComparator.compare(snapshot: base, cluster: base, into: &tally)
        #expect(tally.isIdentical)
        #expect(tally.identical == 20)
        #expect(tally.examples.isEmpty)
    }

    @Test func detectsAMissingRecord() throws {
        var cluster = base
        cluster.remove(at: 7)
        var tally = VerifyTally()
        try VerifyComparator.compare(snapshot: base, cluster: cluster, into: &tally)
        #expect(tally.missing == 1)
        #expect(tally.extra == 0 && tally.changed == 0)
        #expect(tally.examples.first?.kind == .missing)
        #expect(tally.examples.first?.key == "8")
    }

    @Test func detectsAnExtraRecord() throws {
        var cluster = base
        cluster.append(Self.record(200))
        var tally = VerifyTally()
        try VerifyComparator.compare(snapshot: base, cluster: cluster, into: &tally)
        #expect(tally.extra == 1)
        #expect(tally.missing == 0 && tally.changed == 0)
        #expect(tally.examples.first?.kind == .extra)
    }

    @Test func detectsAChangedBinValue() throws {
        var cluster = base
        cluster[3].bins["b"] = .init(particleType: 3, bytes: [66])
        var tally = VerifyTally()
        try VerifyComparator.compare(snapshot: base, cluster: cluster, into: &tally)
        #expect(tally.changed == 1)
        #expect(tally.missing == 0 && tally.extra == 0)
        #expect(tally.examples.first?.detail.contains("bin 'b'") == true)
    }

    @Test func detectsChangedTypeSetKeyAndBinSet() throws {
        var cluster = base
        cluster[0].bins["b"] = .init(particleType: 4, bytes: [65])  // same bytes, other type
        cluster[1].set = "other"
        cluster[2].key = VerifyRecord.Key(particleType: 3, bytes: [1])
        cluster[3].bins["extra"] = .init(particleType: 1, bytes: [0, 0, 0, 0, 0, 0, 0, 1])
        cluster[4].key = nil  // not stored on one side: not a difference
        var tally = VerifyTally()
        try VerifyComparator.compare(snapshot: base, cluster: cluster, into: &tally)
        #expect(tally.changed == 4)
        #expect(tally.identical == 16)
    }

    @Test func binFilterIgnoresOtherBins() throws {
        var cluster = base
        cluster[3].bins["b"] = .init(particleType: 3, bytes: [66])
        var tally = VerifyTally()
        let only: Set<String> = ["a"]
        try VerifyComparator.compare(
            snapshot: base.map { $0.keepingBins(only) }, cluster: cluster.map { $0.keepingBins(only) }, into: &tally)
        #expect(tally.isIdentical)
    }

    @Test func keepsAtMostTenExamples() throws {
        var tally = VerifyTally()
        try VerifyComparator.compare(snapshot: base, cluster: [], into: &tally)
        #expect(tally.missing == 20)
        #expect(tally.examples.count == VerifyTally.exampleLimit)
    }

    @Test func rejectsUnsortedInput() {
        var tally = VerifyTally()
        #expect(throws: AeroVaultError.self) {
            try VerifyComparator.compare(snapshot: base.reversed(), cluster: base, into: &tally)
        }
    }
}
