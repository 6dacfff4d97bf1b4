import Testing

@testable import AerospikeSim

@Suite struct SimClockTests {
    @Test func advanceMovesTimeAndNeverTraps() {
        let clock = SimClock()
        let before = clock.nowVoidSecond
        clock.advance(seconds: 3600)
        #expect(clock.nowVoidSecond >= before + 3599)
        #expect(clock.offsetMilliseconds == 3_600_000)
        clock.advance(seconds: .infinity)
        clock.advance(seconds: .nan)
        #expect(clock.offsetMilliseconds == 3_600_000)
        clock.advance(seconds: 1e300)
        #expect(clock.offsetMilliseconds == .max)
        clock.offsetMilliseconds = .min
        _ = clock.nowMs
        clock.advance(seconds: -1e300)
        #expect(clock.offsetMilliseconds == .min)
    }

    /// `namespace/<ns>` reports `current_time` from the cluster clock, offset included (issue 14 case 4).
    @Test func namespaceInfoReportsTheClusterClock() throws {
        let sim = try SimCluster(SimConfig(nodeCount: 2))
        for offset: Int64 in [-60_000, 0, 60_000] {
            sim.clockOffsetMs = offset
            for node in 0..<2 {
                let reply = sim.answerInfo("namespace/test", node: node, user: nil)
                let field = reply.split(separator: ";").first { $0.hasPrefix("current_time=") }
                let seconds = try #require(field.flatMap { UInt32($0.dropFirst("current_time=".count)) })
                #expect(seconds == sim.clock.nowVoidSecond || seconds + 1 == sim.clock.nowVoidSecond)
            }
        }
    }

    /// A frozen clock stands still until every freeze is released; an advance still moves it.
    @Test func freezeHoldsTheReadingUntilTheLastUnfreeze() {
        let clock = SimClock()
        clock.freeze()
        let frozen = clock.nowMs
        clock.freeze()
        clock.unfreeze()
        // A wall clock moves at least 1 ms within this bounded loop; a frozen one never does.
        var stood = true
        for _ in 0..<200_000 { stood = stood && clock.nowMs == frozen }
        #expect(stood)
        clock.advance(seconds: 10)
        #expect(clock.nowMs == frozen + 10_000)
        clock.unfreeze()
        var moved = false
        for _ in 0..<10_000_000 where !moved { moved = clock.nowMs != frozen + 10_000 }
        #expect(moved)
    }
}
