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
}
