import AerospikeWire
import Testing

@testable import AeroVault

@Suite struct ScanFilterTests {
    @Test func fullBackupWithoutFiltersHasNoExpression() {
        let config = BackupConfiguration(namespace: "test")
        #expect(ScanFilter.expression(config, changedSince: nil) == nil)
        #expect(ScanFilter.setField(config) == nil)
    }

    @Test func incrementalUsesTheLaterOfModifiedAfterAndChangedSince() {
        var config = BackupConfiguration(namespace: "test")
        config.modifiedAfter = 100
        #expect(ScanFilter.expression(config, changedSince: 500) == .ge(.lastUpdate, .int(500)))
        #expect(ScanFilter.expression(config, changedSince: 50) == .ge(.lastUpdate, .int(100)))
        config.modifiedBefore = 900
        #expect(
            ScanFilter.expression(config, changedSince: 500)
                == .and([.ge(.lastUpdate, .int(500)), .lt(.lastUpdate, .int(900))]))
        #expect(ScanFilter.changedSince(parentScanStart: 5_000_000_000) == 3_000_000_000)
        #expect(ScanFilter.changedSince(parentScanStart: 1) == 0)
    }

    @Test func setsAndTTLFilter() {
        var config = BackupConfiguration(namespace: "test")
        config.sets = ["users"]
        #expect(ScanFilter.setField(config) == "users")
        #expect(ScanFilter.expression(config, changedSince: nil) == nil)
        config.sets = ["users", "orders"]
        config.noTTLOnly = true
        #expect(ScanFilter.setField(config) == nil)
        #expect(
            ScanFilter.expression(config, changedSince: nil)
                == .and([.or([.eq(.setName, .string("orders")), .eq(.setName, .string("users"))]), .eq(.voidTime, .int(-1))]))
    }
}
