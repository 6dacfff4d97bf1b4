import Foundation
import Testing

@testable import AeroVault

@Suite struct BackupArgumentTests {
    @Test func partitionRangeAndList() throws {
        #expect(try PartitionSelection(range: "0-2047").ids.count == 2048)
        #expect(try PartitionSelection(list: "9,1,5,5,10-12").ids == [1, 5, 9, 10, 11, 12])
        #expect(try PartitionSelection(list: "9,1,5,10-12").description == "1,5,9-12")
        #expect(PartitionSelection.all.description == "0-4095")
        #expect(throws: AeroVaultError.self) { try PartitionSelection(range: "0-4096") }
        #expect(throws: AeroVaultError.self) { try PartitionSelection(range: "5-1") }
        #expect(throws: AeroVaultError.self) { try PartitionSelection(range: "x") }
        // The run-part fuzz target's finding: a range's bounds are checked before its ids are made, so
        // a huge one is an error, not a 1 GiB allocation. The crashing part is the fixture.
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("fuzz-crashes/run-part-huge-range.json")
        let part = try RunPart.decode(Array(try Data(contentsOf: fixture)), name: "fuzz")
        #expect(part.partitions == "1-134200328")
        #expect(throws: AeroVaultError.self) { try part.configuration() }
        #expect(throws: AeroVaultError.self) { try PartitionSelection(range: "0-\(Int.max)") }
        #expect(try PartitionSelection(list: String(repeating: "0-4095,", count: 2000)).ids.count == 4096)
        #expect(throws: AeroVaultError.self) { try PartitionSelection(list: ",") }
        #expect(throws: AeroVaultError.self) { try PartitionSelection(range: "-3") }
    }

    /// Scan groups are per master node, nodes taking turns (SPEC.md §14 "backup", "Scans").
    @Test func scanGroupsArePerNodeAndAlternate() {
        let masters = Dictionary(uniqueKeysWithValues: (0..<10).map { ($0, $0 % 2 == 0 ? "A" : "B") })
        #expect(
            BackupEngine.scanGroups(Array(0..<10), size: 2, masters: masters)
                == [[0, 2], [1, 3], [4, 6], [5, 7], [8], [9]])
        // No map: partition order.
        #expect(BackupEngine.scanGroups(Array(0..<5), size: 2, masters: [:]) == [[0, 1], [2, 3], [4]])
        // Partitions the map does not know go in a group of their own.
        #expect(BackupEngine.scanGroups([0, 1, 2], size: 4, masters: [0: "A", 2: "A"]) == [[0, 2], [1]])
    }

    @Test func scheduleSkipsFinishedAndCheckpoints() {
        var schedule = BackupSchedule(
            groups: [[0, 1], [2, 3], [4]], alreadyFinished: [1, 3], checkpointInterval: 100, checkpointEveryPartitions: 2,
            now: 0)
        #expect(schedule.remaining == 3)
        // The groups in order, without the finished partitions.
        #expect(schedule.take() == [0])
        #expect(schedule.take() == [2])
        #expect(schedule.remaining == 1)
        #expect(schedule.take() == [4])
        #expect(schedule.take() == [])
        #expect(schedule.finish(0, now: 1) == .none)
        #expect(schedule.finish(2, now: 2) == .checkpoint)
        schedule.checkpointWritten(now: 2)
        #expect(!schedule.isComplete)
        #expect(schedule.finish(4, now: 200) == .checkpoint)
        #expect(schedule.isComplete)
        #expect(schedule.finished == [0, 1, 2, 3, 4])
    }
}

@Suite struct BackupConfigurationTests {
    @Test func fingerprintChangesWithEveryArgument() throws {
        var base = BackupConfiguration(namespace: "test")
        base.sets = ["b", "a"]
        let reference = base.checkpointFingerprint(clusterName: "c1", nodes: ["N1@h:1"], parent: nil, full: true)
        var sameSetsOtherOrder = base
        sameSetsOtherOrder.sets = ["a", "b", "a"]
        let reordered = sameSetsOtherOrder.checkpointFingerprint(clusterName: "c1", nodes: ["N1@h:1"], parent: nil, full: true)
        #expect(reordered == reference)
        var variants: [BackupConfiguration] = []
        var v = base; v.namespace = "other"; variants.append(v)
        v = base; v.sets = ["a"]; variants.append(v)
        v = base; v.sets = ["a,b"]; variants.append(v)
        v = base; v.binNames = ["x"]; variants.append(v)
        v = base; v.partitions = try PartitionSelection(range: "0-10"); variants.append(v)
        v = base; v.modifiedAfter = 5; variants.append(v)
        v = base; v.modifiedBefore = 5; variants.append(v)
        v = base; v.noTTLOnly = true; variants.append(v)
        var seen: Set<[UInt8]> = [reference]
        for variant in variants {
            seen.insert(variant.checkpointFingerprint(clusterName: "c1", nodes: ["N1@h:1"], parent: nil, full: true))
        }
        seen.insert(base.checkpointFingerprint(clusterName: "c2", nodes: ["N1@h:1"], parent: nil, full: true))
        seen.insert(base.checkpointFingerprint(clusterName: "c1", nodes: ["N1@h:1"], parent: nil, full: false))
        seen.insert(base.checkpointFingerprint(clusterName: "c1", nodes: ["N1@h:2"], parent: nil, full: true))
        #expect(seen.count == variants.count + 4)
    }

    @Test func validateRejectsBadArguments() {
        var config = BackupConfiguration(namespace: "test")
        #expect(throws: Never.self) { try config.validate() }
        config.parallel = 0
        #expect(throws: AeroVaultError.self) { try config.validate() }
        config = BackupConfiguration(namespace: String(repeating: "n", count: 40))
        #expect(throws: AeroVaultError.self) { try config.validate() }
        config = BackupConfiguration(namespace: "test")
        config.binNames = ["a-very-long-bin-name"]
        #expect(throws: AeroVaultError.self) { try config.validate() }
        config = BackupConfiguration(namespace: "test")
        config.modifiedAfter = 10
        config.modifiedBefore = 5
        #expect(throws: AeroVaultError.self) { try config.validate() }
        for bad in [0, 4097] {
            config = BackupConfiguration(namespace: "test")
            config.partitionsPerScan = bad
            #expect(throws: AeroVaultError.self) { try config.validate() }
        }
    }
}
