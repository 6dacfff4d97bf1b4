import NIOCore
import Synchronization

/// The producing side of a scan's event stream: NIO's `NIOThrowingAsyncSequenceProducer` with a
/// high/low-watermark back-pressure strategy, so at most about `capacity` events wait for the consumer
/// (SPEC.md §12.11: reading pauses while the consumer is behind).
struct ScanEventSource<Element: Sendable>: Sendable {
    typealias Strategy = NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark
    typealias Events = NIOThrowingAsyncSequenceProducer<Element, any Error, Strategy, ProducerGate>

    private let source: Events.Source
    private let gate: ProducerGate

    /// A source and the sequence its consumer iterates. Producers stop once `capacity` events are
    /// buffered and resume when the consumer has taken half of them.
    static func make(capacity: Int) -> (source: ScanEventSource, events: Events) {
        let capacity = max(1, capacity)
        let gate = ProducerGate()
        let pair = Events.makeSequence(
            backPressureStrategy: Strategy(lowWatermark: max(1, capacity / 2), highWatermark: capacity),
            finishOnDeinit: false, delegate: gate)
        return (ScanEventSource(source: pair.source, gate: gate), pair.sequence)
    }

    /// Appends an event, suspending while the consumer is `capacity` events behind.
    /// - Throws: `CancellationError` once the consumer has gone away.
    func send(_ element: Element) async throws {
        let demand = gate.demandCount
        switch source.yield(element) {
        case .produceMore: return
        case .stopProducing: try await gate.waitForDemand(after: demand)
        case .dropped: throw CancellationError()
        }
    }

    /// Ends the stream after the buffered events (with an error, if given).
    func finish(_ error: (any Error)? = nil) {
        if let error { source.finish(error) } else { source.finish() }
    }
}

/// The sequence's delegate: wakes the producers that `yield` told to stop once the strategy asks for
/// more, and releases them with `CancellationError` once the consumer is gone.
final class ProducerGate: NIOAsyncSequenceProducerDelegate {
    private struct State {
        /// `produceMore()` calls so far: a producer told to stop before the latest call need not wait.
        var demandCount = 0
        var terminated = false
        var waiting: [CheckedContinuation<Void, any Error>] = []
    }

    private let state = Mutex(State())

    var demandCount: Int { state.withLock { $0.demandCount } }

    /// Returns once `produceMore()` was called after the producer read `demandCount` (at once if it
    /// already was).
    func waitForDemand(after demandCount: Int) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let ready: Result<Void, any Error>? = state.withLock { state in
                if state.terminated { return .failure(CancellationError()) }
                if state.demandCount != demandCount { return .success(()) }
                state.waiting.append(continuation)
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }

    func produceMore() {
        for continuation in release({ $0.demandCount += 1 }) { continuation.resume() }
    }

    func didTerminate() {
        for continuation in release({ $0.terminated = true }) { continuation.resume(throwing: CancellationError()) }
    }

    private func release(_ change: (inout State) -> Void) -> [CheckedContinuation<Void, any Error>] {
        state.withLock { state in
            change(&state)
            defer { state.waiting.removeAll() }
            return state.waiting
        }
    }
}
