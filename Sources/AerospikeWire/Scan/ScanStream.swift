/// Scan results as an `AsyncSequence`: ``ScanEvent``s from ``Cluster/scan(_:)``.
public typealias ScanStream = ScanEventStream<ScanEvent>

/// Scan results in frame batches: ``ScanBatchEvent``s from ``Cluster/scanBatches(_:)``.
public typealias ScanBatchStream = ScanEventStream<ScanBatchEvent>

/// The events of one scan as an `AsyncSequence`. Stopping the iteration (or dropping the iterator)
/// cancels the scan and releases its sockets.
public struct ScanEventStream<Element: Sendable>: AsyncSequence, Sendable {
    let events: ScanEventSource<Element>.Events
    let task: Task<Void, Never>

    /// Iterator over scan events; dropping it cancels the scan.
    public final class AsyncIterator: AsyncIteratorProtocol {
        private var events: ScanEventSource<Element>.Events.AsyncIterator
        private let task: Task<Void, Never>
        init(events: ScanEventSource<Element>.Events.AsyncIterator, task: Task<Void, Never>) {
            self.events = events
            self.task = task
        }
        /// The next event, nil when the scan is complete; throws the scan error.
        public func next() async throws -> Element? {
            try await events.next()
        }
        deinit { task.cancel() }
    }

    /// Starts consuming the scan (one iterator per stream).
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(events: events.makeAsyncIterator(), task: task) }
}
