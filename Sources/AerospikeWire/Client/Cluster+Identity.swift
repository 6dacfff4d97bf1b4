import Foundation

/// The cluster's own clock and a stable identity of its nodes, for incremental backups (SPEC.md §14
/// "backup", "Cluster identity" and "Scan start").
extension Cluster {
    /// The earliest `current_time` of `namespace/<ns>` over every node, as Unix seconds.
    ///
    /// Each node reports its own clock (whole seconds since 2010-01-01 UTC); the minimum is a moment no
    /// node has passed yet, so a record any node writes afterwards has a later last-update time.
    /// - Throws: ``WireError/Code/noNodes`` without nodes; `.malformed` when a node's reply has no
    ///   `current_time` (the server is too old to take an incremental backup from safely).
    public nonisolated func currentTime(namespace: String) async throws -> UInt64 {
        var earliest: UInt64?
        let nodes = await currentNodes
        guard !nodes.isEmpty else { throw WireError(.noNodes, "no cluster node to ask for the time") }
        for node in nodes {
            let props = Self.keyValues(try await value("namespace/\(namespace)", node: node), separator: ";")
            guard let text = props["current_time"], let seconds = UInt64(text) else {
                throw WireError.malformed(
                    "node \(node.id) reports no current_time in namespace/\(namespace); it cannot date an incremental backup")
            }
            earliest = min(earliest ?? .max, seconds)
        }
        return (earliest ?? 0) + UInt64(CitrusleafEpoch.unixSeconds)
    }

    /// Every node as `<node id>@<advertised service addresses>`, sorted.
    ///
    /// The addresses are what the node itself advertises (`service-clear-std`, else `service-tls-std`),
    /// not the seed a user typed, so the same cluster reached through any seed gives the same list.
    public nonisolated func nodeIdentities() async throws -> [String] {
        var out: [String] = []
        for node in await currentNodes {
            let reply = try await info(["service-clear-std", "service-tls-std"], node: node)
            let clear = reply["service-clear-std"] ?? ""
            let address = clear.isEmpty || InfoCodec.error(in: clear) != nil ? reply["service-tls-std"] ?? "" : clear
            let usable = address.isEmpty || InfoCodec.error(in: address) != nil ? node.host.description : address
            out.append("\(node.id)@\(usable)")
        }
        return out.sorted()
    }
}
