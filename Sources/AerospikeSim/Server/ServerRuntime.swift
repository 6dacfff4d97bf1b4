import Foundation
import NIOCore
import NIOPosix

/// The NIO side of a cluster: the event loop group, each node's listening channel and its open
/// client connections (so a killed node can drop them all).
/// Thread-safe: guarded by `lock`.
final class ServerRuntime: @unchecked Sendable {  // safe: all state under `lock`
    private let lock = NSLock()
    private var eventLoopGroup: MultiThreadedEventLoopGroup?
    private var listeners: [Int: Channel] = [:]
    private var connections: [Int: [ObjectIdentifier: Channel]] = [:]

    /// The event loop group, if started.
    var group: MultiThreadedEventLoopGroup? { lock.withLock { eventLoopGroup } }

    /// Creates the event loop group; false if it already exists.
    func makeGroup(threads: Int) -> Bool {
        lock.withLock {
            guard eventLoopGroup == nil else { return false }
            eventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: threads)
            return true
        }
    }

    /// Removes and returns the group (for shutdown).
    func takeGroup() -> MultiThreadedEventLoopGroup? {
        lock.withLock {
            defer { eventLoopGroup = nil }
            return eventLoopGroup
        }
    }

    func setListener(_ channel: Channel?, node: Int) {
        lock.withLock { listeners[node] = channel }
    }

    func listener(node: Int) -> Channel? {
        lock.withLock { listeners[node] }
    }

    func register(_ channel: Channel, node: Int) {
        lock.withLock { connections[node, default: [:]][ObjectIdentifier(channel)] = channel }
    }

    func unregister(_ channel: Channel, node: Int) {
        lock.withLock { _ = connections[node]?.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// Closes a node's listener and every connection to it; returns the close futures.
    func closeNode(_ node: Int) -> [EventLoopFuture<Void>] {
        let (listener, conns) = lock.withLock { () -> (Channel?, [Channel]) in
            let l = listeners.removeValue(forKey: node)
            let c = Array(connections.removeValue(forKey: node)?.values ?? [:].values)
            return (l, c)
        }
        var futures: [EventLoopFuture<Void>] = []
        if let listener { futures.append(listener.close()) }
        for c in conns { futures.append(c.close()) }
        return futures
    }

    /// Number of open client connections to a node.
    func connectionCount(node: Int) -> Int {
        lock.withLock { connections[node]?.count ?? 0 }
    }
}
