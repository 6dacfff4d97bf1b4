import Testing

@testable import AeroVault

@Suite struct IncrementalPlannerTests {
    static func d(_ n: UInt8) -> [UInt8] { [n] + [UInt8](repeating: 0, count: 19) }

    @Test func noChangesReusesParent() {
        let plan = IncrementalPlanner.plan(parentDigests: [Self.d(1), Self.d(2)], changedDigests: [], liveDigests: [Self.d(1), Self.d(2)])
        #expect(plan.reuseParent)
        #expect(plan.tombstones.isEmpty)
        #expect(!plan.digestListChanged)
    }

    @Test func deletedDigestsBecomeTombstones() {
        let plan = IncrementalPlanner.plan(
            parentDigests: [Self.d(1), Self.d(2), Self.d(3)], changedDigests: [], liveDigests: [Self.d(2)])
        #expect(plan.tombstones == [Self.d(1), Self.d(3)])
        #expect(!plan.reuseParent)
        #expect(plan.digestListChanged)
    }

    @Test func changedThenDeletedIsTombstoneWhenParentHadIt() {
        // 2 existed, was updated (changed scan) then deleted before the digest scan.
        // 5 was created (changed scan) then deleted: never in any layer, so simply dropped.
        let plan = IncrementalPlanner.plan(
            parentDigests: [Self.d(1), Self.d(2)], changedDigests: [Self.d(2), Self.d(5)], liveDigests: [Self.d(1)])
        #expect(plan.tombstones == [Self.d(2)])
        #expect(plan.droppedChanged == [Self.d(2), Self.d(5)])
    }

    @Test func recordCreatedBetweenScansDoesNotForceNewLayer() {
        // 9 appeared after the changed scan: the next incremental's changed scan will catch it.
        let plan = IncrementalPlanner.plan(parentDigests: [Self.d(1)], changedDigests: [], liveDigests: [Self.d(1), Self.d(9)])
        #expect(plan.reuseParent)
        #expect(plan.digestListChanged)
    }

    @Test func updateOnlyKeepsDigestList() {
        let plan = IncrementalPlanner.plan(
            parentDigests: [Self.d(1), Self.d(2)], changedDigests: [Self.d(2)], liveDigests: [Self.d(1), Self.d(2)])
        #expect(!plan.reuseParent)
        #expect(!plan.digestListChanged)
        #expect(plan.tombstones.isEmpty)
    }

    @Test func stackCompactsPastThreshold() {
        #expect(IncrementalPlanner.stackAction(parentDepth: 1, compactionThreshold: 8) == .append)
        #expect(IncrementalPlanner.stackAction(parentDepth: 7, compactionThreshold: 8) == .append)
        #expect(IncrementalPlanner.stackAction(parentDepth: 8, compactionThreshold: 8) == .compact)
        #expect(IncrementalPlanner.stackAction(parentDepth: 1, compactionThreshold: 1) == .compact)
    }

    @Test func mergerInterleavesTombstonesAndSkipsDropped() {
        let plan = IncrementalPlanner.plan(
            parentDigests: [Self.d(1), Self.d(3), Self.d(6)], changedDigests: [Self.d(2), Self.d(3), Self.d(4), Self.d(7)],
            liveDigests: [Self.d(2), Self.d(4), Self.d(7)])
        var merger = LayerContentMerger<[UInt8]>(plan: plan) { $0 }
        var out: [String] = []
        func render(_ items: [LayerContentMerger<[UInt8]>.Output]) {
            for item in items {
                switch item {
                case .record(let r): out.append("r\(r[0])")
                case .tombstone(let t): out.append("t\(t[0])")
                }
            }
        }
        for digest in [Self.d(2), Self.d(3), Self.d(4), Self.d(7)] { render(merger.feed(digest)) }
        render(merger.finish())
        #expect(out == ["t1", "r2", "t3", "r4", "t6", "r7"])
    }

    /// Model check: applying the plan to the parent's view gives exactly the live records.
    @Test func randomizedPlansReproduceLiveSet() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let universe = (0..<40).map { Self.d(UInt8($0)) }
            let parent = universe.filter { _ in Bool.random(using: &rng) }
            var live = Set(parent.filter { _ in Int.random(in: 0..<10, using: &rng) != 0 }.map { $0[0] })
            let inserted = universe.filter { _ in Int.random(in: 0..<8, using: &rng) == 0 }.map { $0[0] }
            live.formUnion(inserted)
            let updated = parent.map { $0[0] }.filter { live.contains($0) && Int.random(in: 0..<5, using: &rng) == 0 }
            let changedThenDeleted = universe.map { $0[0] }.filter { !live.contains($0) && Int.random(in: 0..<10, using: &rng) == 0 }
            // Changed scan saw inserts, updates and some records deleted later.
            let changed = Set(inserted + updated + changedThenDeleted).sorted().map { Self.d($0) }
            let liveDigests = live.sorted().map { Self.d($0) }
            let plan = IncrementalPlanner.plan(parentDigests: parent, changedDigests: changed, liveDigests: liveDigests)
            var merger = LayerContentMerger<[UInt8]>(plan: plan) { $0 }
            var view = Set(parent.map { $0[0] })
            var layer: [LayerContentMerger<[UInt8]>.Output] = []
            for c in changed { layer += merger.feed(c) }
            layer += merger.finish()
            if plan.reuseParent { #expect(layer.isEmpty) }
            for item in layer {
                switch item {
                case .record(let r): view.insert(r[0])
                case .tombstone(let t): view.remove(t[0])
                }
            }
            #expect(view == live)
        }
    }
}
