import Foundation

/// Hands out ``Sealer``s so concurrent tasks can seal and open without sharing one compression
/// context. The pool grows to the number of concurrent users and keeps at most `capacity` idle sealers.
final class SealerPool: @unchecked Sendable {
    // @unchecked: `idle` is only touched under `lock`; a borrowed Sealer is used by one task at a time.
    private let lock = NSLock()
    private var idle: [Sealer] = []
    private let keys: KeySet
    private let compressionLevel: Int32
    private let capacity: Int

    init(keys: KeySet, compressionLevel: Int32, capacity: Int = 8) {
        self.keys = keys
        self.compressionLevel = compressionLevel
        self.capacity = capacity
    }

    /// Runs `body` with a sealer nobody else is using.
    func with<T>(_ body: (Sealer) throws -> T) rethrows -> T {
        let sealer = lock.withLock { idle.popLast() } ?? Sealer(keys: keys, compressionLevel: compressionLevel)
        defer { lock.withLock { if idle.count < capacity { idle.append(sealer) } } }
        return try body(sealer)
    }
}
