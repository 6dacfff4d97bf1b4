/// The scan results as an `AsyncSequence`. Stopping the iteration (or dropping the iterator) cancels the
/// scan and releases its sockets.
public struct ScanStream: AsyncSequence, Sendable {
    public typealias Element = ScanEvent
    let buffer: BoundedEventBuffer<ScanEvent>
    let task: Task<Void, Never>

    /// Iterator over scan events; dropping it cancels the scan.
    public final class AsyncIterator: AsyncIteratorProtocol {
        let buffer: BoundedEventBuffer<ScanEvent>
        let task: Task<Void, Never>
        init(buffer: BoundedEventBuffer<ScanEvent>, task: Task<Void, Never>) {
            self.buffer = buffer
            self.task = task
        }
        /// The next event, nil when the scan is complete; throws the scan error.
        public func next() async throws -> ScanEvent? {
            do {
                return try await buffer.next()
            } catch {
                throw error
            }
        }
        deinit {
            buffer.cancel()
            task.cancel()
        }
    }

    /// Starts consuming the scan (one iterator per stream).
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(buffer: buffer, task: task) }
}
