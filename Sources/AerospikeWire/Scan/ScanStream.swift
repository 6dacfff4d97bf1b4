/// The scan results as an `AsyncSequence`. Stopping the iteration (or dropping the iterator) cancels the
/// scan and releases its sockets.
public struct ScanStream: AsyncSequence, Sendable {
    public typealias Element = ScanEvent
    let buffer: BoundedEventBuffer<ScanEvent>
    let task: Task<Void, Never>

    public final class AsyncIterator: AsyncIteratorProtocol {
        let buffer: BoundedEventBuffer<ScanEvent>
        let task: Task<Void, Never>
        init(buffer: BoundedEventBuffer<ScanEvent>, task: Task<Void, Never>) {
            self.buffer = buffer
            self.task = task
        }
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

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(buffer: buffer, task: task) }
}
