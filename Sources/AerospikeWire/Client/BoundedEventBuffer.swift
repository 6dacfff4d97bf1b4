import Foundation

/// A single-consumer buffer with back-pressure: producers suspend in ``send(_:)`` while `capacity`
/// elements are waiting. Finishing or consumer cancellation wakes everyone.
final class BoundedEventBuffer<Element: Sendable>: @unchecked Sendable {
    // @unchecked: all mutable state is guarded by `lock`.
    private let lock = NSLock()
    private var items: [Element] = []
    private var head = 0
    private let capacity: Int
    private var consumer: CheckedContinuation<Element?, Error>?
    private var producers: [CheckedContinuation<Void, Error>] = []
    private var terminal: Result<Void, Error>?
    private var consumerGone = false

    private enum Outcome {
        case value(Element, CheckedContinuation<Void, Error>?)
        case end(Error?)
        case wait
    }

    init(capacity: Int) { self.capacity = max(1, capacity) }

    private var count: Int { items.count - head }

    /// Appends an element, suspending while the buffer is full.
    /// - Throws: `CancellationError` once the consumer has gone away.
    func send(_ element: Element) async throws {
        while true {
            let action: (CheckedContinuation<Element?, Error>?, Bool) = lock.withLock {
                if consumerGone || terminal != nil { return (nil, false) }
                if let c = consumer {
                    consumer = nil
                    return (c, true)
                }
                if count < capacity {
                    items.append(element)
                    return (nil, true)
                }
                return (nil, false)
            }
            if let c = action.0 {
                c.resume(returning: element)
                return
            }
            if action.1 { return }
            if lock.withLock({ consumerGone || terminal != nil }) { throw CancellationError() }
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, Error>) in
                let resumeNow: Bool = lock.withLock {
                    if consumerGone || terminal != nil || count < capacity { return true }
                    producers.append(c)
                    return false
                }
                if resumeNow { c.resume() }
            }
        }
    }

    /// Ends the stream after the buffered elements (with an error, if given).
    func finish(_ error: Error? = nil) {
        let (c, ps): (CheckedContinuation<Element?, Error>?, [CheckedContinuation<Void, Error>]) = lock.withLock {
            if terminal == nil { terminal = error.map { .failure($0) } ?? .success(()) }
            let c = count == 0 ? consumer : nil
            if c != nil { consumer = nil }
            let ps = producers
            producers.removeAll()
            return (c, ps)
        }
        if let c {
            if let error { c.resume(throwing: error) } else { c.resume(returning: nil) }
        }
        for p in ps { p.resume() }
    }

    /// The consumer stopped iterating: producers are released with `CancellationError`.
    func cancel() {
        let ps: [CheckedContinuation<Void, Error>] = lock.withLock {
            consumerGone = true
            items.removeAll()
            head = 0
            let ps = producers
            producers.removeAll()
            return ps
        }
        for p in ps { p.resume(throwing: CancellationError()) }
    }

    /// The next element, nil at the end; rethrows the producer's error after the buffered elements.
    func next() async throws -> Element? {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Element?, Error>) in
            let outcome: Outcome = lock.withLock {
                if count > 0 {
                    let e = items[head]
                    head += 1
                    if head > 1024, head * 2 > items.count {
                        items.removeFirst(head)
                        head = 0
                    }
                    let p = producers.isEmpty ? nil : producers.removeFirst()
                    return .value(e, p)
                }
                if let t = terminal {
                    if case .failure(let e) = t { return .end(e) }
                    return .end(nil)
                }
                consumer = c
                return .wait
            }
            switch outcome {
            case .value(let e, let p):
                p?.resume()
                c.resume(returning: e)
            case .end(let e):
                if let e { c.resume(throwing: e) } else { c.resume(returning: nil) }
            case .wait: break
            }
        }
    }
}

