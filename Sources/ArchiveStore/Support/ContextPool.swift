import Foundation

/// Working state that can be put back in a ``ContextPool`` and handed out again.
protocol ReusableContext: AnyObject {
    /// Returns the context to the state the next user may rely on: for zstd contexts their freshly
    /// created state (session and parameters), so the next user gets exactly what a new context would
    /// give; for scratch buffers nothing (their old bytes are never read).
    func reset()
}

/// A small lock-protected pool of reusable working state: zstd's `ZSTD_CCtx`/`ZSTD_DCtx` and the
/// sealer's output buffers (``SealerWorkspace``).
///
/// Creating a zstd context allocates and initialises its tables; doing that once per chunk costs
/// more than decompressing a small chunk, and a fresh sealed-chunk buffer per chunk costs its page faults. The pool hands each caller its own context for the length
/// of one call or one stream, so no context is ever used by two threads at once, and takes it back
/// afterwards. It keeps at most `capacity` idle contexts (one per core by default); more are created
/// when more callers run at once and are freed when returned to a full pool.
// @unchecked Sendable: the only mutable state, the idle list, is read and written under `lock`; a
// context taken out is owned by its taker alone until it is recycled (contexts and `make` are not
// Sendable, so a `Mutex` member alone would not make the class Sendable).
final class ContextPool<Context: ReusableContext>: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [Context] = []
    private let capacity: Int
    private let make: () throws -> Context

    /// - Parameters:
    ///   - capacity: the most idle contexts kept.
    ///   - make: creates a context when none is idle.
    init(capacity: Int = ProcessInfo.processInfo.activeProcessorCount, make: @escaping () throws -> Context) {
        self.capacity = max(1, capacity)
        self.make = make
    }

    /// An idle context, or a new one. Give it back with ``recycle(_:)``.
    /// - Throws: what `make` throws.
    func take() throws -> Context {
        let reused: Context? = lock.withLock { idle.popLast() }
        if let reused { return reused }
        return try make()
    }

    /// Resets `context` and keeps it for the next ``take()`` (or frees it if the pool is full).
    /// The caller must not use `context` afterwards.
    func recycle(_ context: Context) {
        context.reset()
        lock.withLock {
            if idle.count < capacity { idle.append(context) }
        }
    }

    /// Runs `body` with a context of its own and recycles the context afterwards, also when `body` throws.
    func withContext<R>(_ body: (Context) throws -> R) throws -> R {
        let context = try take()
        defer { recycle(context) }
        return try body(context)
    }

    /// ``withContext(_:)`` for an async `body` (the context is still used by one task at a time).
    func withContext<R>(_ body: (Context) async throws -> R) async throws -> R {
        let context = try take()
        defer { recycle(context) }
        return try await body(context)
    }

    /// Idle contexts currently kept (for tests).
    var idleCount: Int { lock.withLock { idle.count } }
}
