import AerospikeWire
import Testing

@testable import AeroVault

@Suite struct RestoreTTLTests {
    let epoch = CitrusleafEpoch.unixSeconds
    var now: Int64 { epoch + 500_000_000 }
    var snapshotTime: Int64 { epoch + 499_990_000 }  // 10 000 s before now

    @Test func zeroVoidTimeNeverExpires() {
        for mode in RestoreOptions.TTLMode.allCases {
            #expect(RestoreTTL.plan(voidTime: 0, mode: mode, now: now, snapshotTime: snapshotTime) == .never)
        }
    }

    @Test func keepGivesRemainingTime() {
        let voidTime = UInt32(now - epoch + 3600)
        #expect(RestoreTTL.plan(voidTime: voidTime, mode: .keep, now: now, snapshotTime: snapshotTime) == .seconds(3600))
    }

    @Test func keepSkipsExpiredRecords() {
        let past = UInt32(now - epoch - 1)
        let exact = UInt32(now - epoch)
        #expect(RestoreTTL.plan(voidTime: past, mode: .keep, now: now, snapshotTime: snapshotTime) == .expired)
        #expect(RestoreTTL.plan(voidTime: exact, mode: .keep, now: now, snapshotTime: snapshotTime) == .expired)
    }

    @Test func extendAddsTheTimeSinceTheSnapshot() {
        let voidTime = UInt32(now - epoch + 3600)
        #expect(
            RestoreTTL.plan(voidTime: voidTime, mode: .extend, now: now, snapshotTime: snapshotTime)
                == .seconds(3600 + 10_000))
        // Expired now but alive at snapshot time: extend restores it with its snapshot-time TTL.
        let expiredNow = UInt32(now - epoch - 100)
        #expect(
            RestoreTTL.plan(voidTime: expiredNow, mode: .extend, now: now, snapshotTime: snapshotTime)
                == .seconds(9_900))
    }

    @Test func neverExpireDropsExpiry() {
        let voidTime = UInt32(now - epoch - 100)
        #expect(RestoreTTL.plan(voidTime: voidTime, mode: .neverExpire, now: now, snapshotTime: snapshotTime) == .never)
    }

    @Test func clampsToTheServerMaximum() {
        let voidTime = UInt32.max
        #expect(
            RestoreTTL.plan(voidTime: voidTime, mode: .keep, now: now, snapshotTime: snapshotTime)
                == .seconds(RestoreTTL.maxSeconds))
    }
}
