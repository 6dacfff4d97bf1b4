/// Runs one task per item with at most `parallel` running at a time, in input order: the fan-out
/// loop shared by ``RestoreEngine`` (one item = one partition) and ``VerifyEngine`` (one item = a
/// group of partitions scanned together).
///
/// Results are handed to `handle` one at a time on the calling task, in completion order, so the
/// caller merges them into its report without locks. When `handle` returns false no further item is
/// started; the running ones finish and are still handed over.
enum PartitionFanOut {
    /// - Parameters:
    ///   - items: what to run, started in this order.
    ///   - parallel: how many run at once (at least 1).
    ///   - work: the task for one item; runs concurrently with the others.
    ///   - handle: called with each result; return false to start no more items.
    /// - Returns: the items never started (empty unless `handle` returned false).
    /// - Throws: the first error `work` or `handle` throws (the other tasks are cancelled), e.g.
    ///   `CancellationError`.
    static func run<Item: Sendable, Output: Sendable>(
        _ items: [Item], parallel: Int,
        work: @escaping @Sendable (Item) async throws -> Output,
        handle: (Output) throws -> Bool
    ) async throws -> ArraySlice<Item> {
        var next = 0
        try await withThrowingTaskGroup(of: Output.self) { group in
            while next < items.count, next < max(1, parallel) {
                let item = items[next]
                group.addTask { try await work(item) }
                next += 1
            }
            var going = true
            while let output = try await group.next() {
                if !(try handle(output)) { going = false }
                if going, next < items.count {
                    let item = items[next]
                    group.addTask { try await work(item) }
                    next += 1
                }
            }
        }
        return items[next...]
    }
}
