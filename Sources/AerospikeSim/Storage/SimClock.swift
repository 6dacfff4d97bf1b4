import AerospikeWire
import Foundation
import Synchronization

/// The simulator's clock: wall time plus a settable offset, so tests can move time forward to expire
/// records without sleeping, and stop it, so a test can compare times exactly however slowly it runs.
///
/// Thread-safe; every storage decision (void time, last-update time, expiry) reads this clock.
public final class SimClock: Sendable {
    private let offsetMs = Mutex<Int64>(0)
    /// The wall time (Unix ms) the clock stands at while frozen, and how many ``freeze()`` calls hold it.
    private let frozen = Mutex<(wallMs: UInt64, holds: Int)?>(nil)

    /// Creates a clock with no offset.
    public init() {}

    /// The current offset added to wall time, in milliseconds.
    public var offsetMilliseconds: Int64 {
        get { offsetMs.withLock { $0 } }
        set { offsetMs.withLock { $0 = newValue } }
    }

    /// Moves the clock forward (or back, if negative) by the given number of seconds.
    /// Non-finite values are ignored; the offset saturates instead of overflowing.
    public func advance(seconds: Double) {
        guard seconds.isFinite else { return }
        let ms = (seconds * 1000).rounded(.towardZero)
        let delta = ms >= 9.2e18 ? Int64.max : (ms <= -9.2e18 ? Int64.min : Int64(ms))
        offsetMs.withLock { offset in
            let (sum, overflow) = offset.addingReportingOverflow(delta)
            offset = overflow ? (delta > 0 ? .max : .min) : sum
        }
    }

    /// Stops the clock at its current reading until every ``freeze()`` is matched by an
    /// ``unfreeze()``; ``advance(seconds:)`` still moves it.
    public func freeze() {
        frozen.withLock { $0 = ($0?.wallMs ?? Self.wallMs(), ($0?.holds ?? 0) + 1) }
    }

    /// Releases one ``freeze()``; after the last, the clock follows wall time again (it jumps to wall
    /// time plus the offset).
    public func unfreeze() {
        frozen.withLock { state in
            guard let held = state else { return }
            state = held.holds > 1 ? (held.wallMs, held.holds - 1) : nil
        }
    }

    private static func wallMs() -> UInt64 { UInt64(Date().timeIntervalSince1970 * 1000) }

    /// Now, in milliseconds since the Unix epoch.
    public var nowMs: UInt64 {
        let wall = frozen.withLock { $0?.wallMs } ?? Self.wallMs()
        let offset = offsetMilliseconds
        return offset >= 0 ? wall &+ UInt64(offset) : wall &- offset.magnitude
    }

    /// Now, in whole seconds since the Citrusleaf epoch (the unit of void times).
    public var nowVoidSecond: UInt32 {
        Self.voidSecond(unixMs: nowMs)
    }

    /// Converts Unix milliseconds to whole Citrusleaf-epoch seconds.
    static func voidSecond(unixMs: UInt64) -> UInt32 {
        let seconds = unixMs / 1000
        let epoch = UInt64(CitrusleafEpoch.unixSeconds)
        guard seconds > epoch else { return 0 }
        return UInt32(truncatingIfNeeded: seconds - epoch)
    }
}
