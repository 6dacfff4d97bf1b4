import Synchronization
import Testing
@testable import AerospikeWire

/// A hang guard, not a speed bound: under the whole suite on 2 loaded cores these tasks can wait
/// minutes for a cooperative thread (one run exceeded 1 minute), so the limit is generous.
@Suite(.timeLimit(.minutes(5))) struct ScanEventSourceTests {
    /// Sends that have returned so far.
    final class Counter: Sendable {
        let value = Mutex(0)
    }

    @Test func producerStaysWithinCapacityOfTheConsumer() async throws {
        let (source, events) = ScanEventSource<Int>.make(capacity: 4)
        let sent = Counter()
        let producer = Task {
            for i in 0..<200 {
                try await source.send(i)
                sent.value.withLock { $0 += 1 }
            }
            source.finish()
        }
        var consumed = 0
        for try await i in events {
            #expect(i == consumed)
            consumed += 1
            let ahead = sent.value.withLock { $0 } - consumed
            #expect(ahead <= 4, "the producer ran \(ahead) events ahead of the consumer")
        }
        try await producer.value
        #expect(consumed == 200)
    }

    @Test func producerErrorEndsTheStreamAfterTheBufferedEvents() async throws {
        let (source, events) = ScanEventSource<Int>.make(capacity: 8)
        try await source.send(1)
        try await source.send(2)
        source.finish(WireError(.incomplete, "gave up"))
        var seen: [Int] = []
        do {
            for try await i in events { seen.append(i) }
            Issue.record("the stream ended without the producer's error")
        } catch let e as WireError {
            #expect(e.code == .incomplete)
        }
        #expect(seen == [1, 2])
    }

    @Test func waitingProducerIsReleasedWhenTheConsumerGoesAway() async throws {
        let (source, events) = ScanEventSource<Int>.make(capacity: 2)
        let producer = Task { () -> (any Error)? in
            do {
                for i in 0..<10_000 { try await source.send(i) }
                return nil
            } catch {
                return error
            }
        }
        do {
            let iterator = events.makeAsyncIterator()
            #expect(try await iterator.next() == 0)
        }
        let error = await producer.value
        #expect(error is CancellationError)
    }
}
