import AerospikeWire
import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// The NIO side of a cluster: the event loop group, each node's listening channel and its open
/// client connections (so a killed node can drop them all), and the TLS context when TLS is on.
/// Thread-safe: guarded by a `Mutex`.
final class ServerRuntime: Sendable {
    private struct State {
        var eventLoopGroup: MultiThreadedEventLoopGroup?
        var listeners: [Int: Channel] = [:]
        var connections: [Int: [ObjectIdentifier: Channel]] = [:]
        var tlsContext: NIOSSLContext?
    }

    private let state = Mutex(State())

    /// The event loop group, if started.
    var group: MultiThreadedEventLoopGroup? { state.withLock { $0.eventLoopGroup } }

    /// Creates the event loop group; false if it already exists.
    func makeGroup(threads: Int) -> Bool {
        state.withLock { state in
            guard state.eventLoopGroup == nil else { return false }
            state.eventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: threads)
            return true
        }
    }

    /// Removes and returns the group (for shutdown).
    func takeGroup() -> MultiThreadedEventLoopGroup? {
        state.withLock { state in
            defer { state.eventLoopGroup = nil }
            return state.eventLoopGroup
        }
    }

    func setListener(_ channel: Channel?, node: Int) {
        state.withLock { $0.listeners[node] = channel }
    }

    func listener(node: Int) -> Channel? {
        state.withLock { $0.listeners[node] }
    }

    func register(_ channel: Channel, node: Int) {
        state.withLock { $0.connections[node, default: [:]][ObjectIdentifier(channel)] = channel }
    }

    func unregister(_ channel: Channel, node: Int) {
        state.withLock { _ = $0.connections[node]?.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// Closes a node's listener and every connection to it; returns the close futures.
    func closeNode(_ node: Int) -> [EventLoopFuture<Void>] {
        let (listener, conns) = state.withLock { state -> (Channel?, [Channel]) in
            let l = state.listeners.removeValue(forKey: node)
            let c = Array(state.connections.removeValue(forKey: node)?.values ?? [:].values)
            return (l, c)
        }
        var futures: [EventLoopFuture<Void>] = []
        if let listener { futures.append(listener.close()) }
        for c in conns { futures.append(c.close()) }
        return futures
    }

    /// Loads the TLS certificate, key and client CA (nil = plaintext). TLS 1.2 only, like the server's
    /// default `tls-protocols`; with a client CA every client must present a certificate it signed.
    /// - Throws: ``SimError`` `.invalidConfig` naming the file that cannot be used.
    func loadTLS(_ config: SimTLSConfig?) throws {
        guard let config else { return state.withLock { $0.tlsContext = nil } }
        do {
            let chain = try TLSFiles.certificates(at: config.certificateFile, role: "certificate file")
            let key = try TLSFiles.privateKey(at: config.keyFile)
            var tls = TLSConfiguration.makeServerConfiguration(
                certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
            tls.minimumTLSVersion = .tlsv12
            tls.maximumTLSVersion = .tlsv12
            if let clientCA = config.clientCAFile {
                tls.trustRoots = .certificates(try TLSFiles.certificates(at: clientCA, role: "client CA file"))
                tls.certificateVerification = .noHostnameVerification
            }
            let context = try NIOSSLContext(configuration: tls)
            state.withLock { $0.tlsContext = context }
        } catch let error as WireError {
            throw SimError(.invalidConfig, error.message, cause: error.cause)
        } catch {
            throw SimError(
                .invalidConfig, "TLS key \(config.keyFile) does not belong to certificate \(config.certificateFile)",
                cause: error)
        }
    }

    /// Puts the TLS server handler at the front of a new client channel's pipeline (no-op without TLS).
    func addTLSHandler(to channel: Channel) throws {
        guard let context = state.withLock({ $0.tlsContext }) else { return }
        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
    }
}
