import AerospikeWire
import Foundation

/// Answers to the info commands official clients use to tend a cluster, plus the `sim-*` control
/// commands (SPEC.md §13 "Info commands").
extension SimCluster {
    /// Feature tokens reported by `features`.
    static let featureList = [
        "batch-any", "batch-index", "blob-bits", "cdt-list", "cdt-map", "cluster-stable", "float", "geo",
        "sindex-exists", "peers", "pipelining", "pquery", "pscans", "query-show", "relaxed-sc", "replicas",
        "replicas-all", "replicas-master", "truncate-namespace", "udf",
    ]

    /// The value part of the reply to one info command received by `node` on a socket logged in as
    /// `user` (nil when security is off). Never throws: errors are `ERROR:<code>:<message>` values.
    func answerInfo(_ text: String, node: Int, user: String?) -> String {
        let req = InfoRequest(text)
        let map = state.map
        switch req.name {
        case "node": return state.nodeIDs[node]
        case "build": return config.build
        case "version": return "Aerospike Enterprise Edition build \(config.build)"
        case "edition": return "Aerospike Enterprise Edition"
        case "release": return "version=\(config.build);edition=Aerospike Enterprise Edition"
        case "status": return "ok"
        case "features": return Self.featureList.joined(separator: ";")
        case "cluster-name": return config.clusterName
        case "partitions": return String(Digest.partitionCount)
        case "partition-generation", "rebalance-generation": return String(state.partitionGeneration(node: node))
        case "peers-generation": return String(state.peersGeneration)
        case "cluster-stable", "cluster-key": return clusterKey()
        case "peers-clear-std", "peers-clear-alt", "alumni-clear-std": return peers(excluding: node, tls: false)
        case "peers-tls-std", "peers-tls-alt", "alumni-tls-std": return peers(excluding: node, tls: true)
        case "service-clear-std", "service-clear-alt", "service": return service(node: node, tls: false)
        case "service-tls-std", "service-tls-alt": return service(node: node, tls: true)
        case "services", "services-alumni":
            guard config.tls == nil else { return "" }  // clear services only
            return state.liveNodes.filter { $0 != node }.map { "127.0.0.1:\(state.port(of: $0))" }.joined(separator: ";")
        case "replicas":
            // As the server: `max=0` or no `max` = every column; a non-integer max is an error.
            var cap = Int.max
            if let text = req.keywords["max"] {
                guard let n = UInt32(text) else { return "ERROR:4:bad max" }
                if n > 0 { cap = Int(n) }
            }
            return replicas(node: node, map: map, withRegime: true, maxColumns: cap)
        case "replicas-all": return replicas(node: node, map: map, withRegime: false, maxColumns: Int.max)
        case "replicas-master": return replicas(node: node, map: map, withRegime: false, maxColumns: 1, countColumn: false)
        case "namespaces": return config.namespaces.joined(separator: ";")
        case "namespace": return namespaceStats(req.positional.first ?? "", node: node, map: map)
        case "sets": return sets(req.positional)
        case "rack-ids":
            let rack = config.racks.isEmpty ? 0 : config.racks[node]
            return config.namespaces.map { "\($0):\(rack)" }.joined(separator: ";")
        case "sindex", "sindex-list", "udf-list", "racks", "get-sl", "query-show", "scan-show": return ""
        case "statistics": return statistics(node: node)
        case "truncate", "truncate-namespace": return truncate(req, user: user)
        case "sim-kill", "sim-revive", "sim-fault", "sim-clock", "sim-status": return control(req, user: user)
        default: return "ERROR:4:unrecognized command"
        }
    }

    /// A cluster key that changes with membership (16 hex digits).
    private func clusterKey() -> String {
        let live = state.liveNodes.reduce(UInt64(0)) { $0 | 1 << UInt64($1) }
        let key = UInt64(state.peersGeneration) &* 0x9E37_79B9_7F4A_7C15 ^ live
        return String(key, radix: 16, uppercase: true)
    }

    /// `gen,port,[[id,tlsname,[127.0.0.1:port]],…]` for every other live node when the asked kind (clear or
    /// TLS) is the one the nodes serve (the TLS name is empty in the clear list); `gen,,[]` otherwise.
    private func peers(excluding node: Int, tls: Bool) -> String {
        guard tls == (config.tls != nil) else { return "\(state.peersGeneration),,[]" }
        let tlsName = config.tls?.name ?? ""
        let entries = state.liveNodes.filter { $0 != node }.map {
            "[\(state.nodeIDs[$0]),\(tlsName),[127.0.0.1:\(state.port(of: $0))]]"
        }
        return "\(state.peersGeneration),\(state.port(of: node)),[\(entries.joined(separator: ","))]"
    }

    /// `127.0.0.1:<port>` when the asked kind (clear or TLS) is the one the nodes serve, else empty.
    private func service(node: Int, tls: Bool) -> String {
        tls == (config.tls != nil) ? "127.0.0.1:\(state.port(of: node))" : ""
    }

    /// The `replicas` family: per namespace `ns:[regime,]count,b64,…` joined by `;`.
    private func replicas(node: Int, map: SimPartitionMap, withRegime: Bool, maxColumns: Int, countColumn: Bool = true) -> String {
        let columns = min(map.replicaCount, maxColumns)
        let bitmaps = (0..<columns).map { Data(map.bitmap(node: node, replica: $0)).base64EncodedString() }
        return config.namespaces.map { ns in
            var parts: [String] = []
            if withRegime { parts.append("0") }
            if countColumn { parts.append(String(columns)) }
            parts += bitmaps
            return "\(ns):\(parts.joined(separator: ","))"
        }.joined(separator: ";")
    }

    /// `namespace/<ns>`: the statistics clients and tools read; `type=unknown` for unknown namespaces.
    private func namespaceStats(_ ns: String, node: Int, map: SimPartitionMap) -> String {
        guard let store = stores[ns] else { return "type=unknown" }
        let now = clock.nowVoidSecond
        var master = 0
        var prole = 0
        for p in store.partitions {
            let owners = map.owners[p.id]
            guard let idx = owners.firstIndex(of: node) else { continue }
            let n = p.count(nowVoid: now)
            if idx == 0 { master += n } else { prole += n }
        }
        let pairs: [(String, String)] = [
            ("ns_cluster_size", String(state.liveNodes.count)),
            ("objects", String(master + prole)), ("tombstones", "0"),
            ("master_objects", String(master)), ("prole_objects", String(prole)),
            ("replication-factor", String(config.replicationFactor)),
            ("effective_replication_factor", String(map.replicaCount)),
            ("default-ttl", String(store.defaultTTL)), ("nsup-period", "120"),
            ("strong-consistency", "false"), ("stop_writes", "false"), ("storage-engine", "memory"),
            ("partitions", String(Digest.partitionCount)),
            // As the server: the node's clock, seconds since 2010-01-01 UTC (the simulator's offsettable clock).
            ("current_time", String(now)),
        ]
        return pairs.map { "\($0.0)=\($0.1)" }.joined(separator: ";")
    }

    /// `sets`, `sets/<ns>`, `sets/<ns>/<set>`: `ns=…:set=…:objects=…:…;` per set.
    private func sets(_ args: [String]) -> String {
        let namespaces = args.first.map { [$0] } ?? config.namespaces
        // Like the server: an unknown namespace is not an error but this fixed answer.
        if let ns = args.first, stores[ns] == nil { return "ns_type=unknown" }
        let now = clock.nowVoidSecond
        var out = ""
        for ns in namespaces {
            guard let store = stores[ns] else { continue }
            let stats = store.setStatistics(nowVoid: now)
            for name in stats.keys.sorted() where args.count < 2 || args[1] == name {
                let s = stats[name] ?? (0, 0)
                let props = "objects=\(s.objects):tombstones=0:data_used_bytes=\(s.bytes):truncate_lut=0:sindexes=0:index_populating=false:truncating=false"
                out += args.count >= 2 ? "\(props);" : "ns=\(ns):set=\(name):\(props);"
            }
        }
        return out
    }

    /// `statistics`: a few cluster-wide numbers.
    private func statistics(node: Int) -> String {
        "cluster_size=\(state.liveNodes.count);cluster_key=\(clusterKey());cluster_integrity=true;uptime=1"
    }

    /// `truncate:namespace=…;set=…[;lut=ns]` and `truncate-namespace:namespace=…[;lut=ns]`.
    private func truncate(_ req: InfoRequest, user: String?) -> String {
        guard security.allows(user, .truncate) else { return "ERROR:81:role violation - requires permission 'truncate'" }
        guard let ns = req.keywords["namespace"], let store = stores[ns] else { return "ERROR:4:namespace not found" }
        let set = req.name == "truncate" ? req.keywords["set"] : nil
        if req.name == "truncate", set == nil { return "ERROR:4:missing set" }
        var beforeMs = clock.nowMs
        if let lut = req.keywords["lut"] {
            guard let ns = UInt64(lut) else { return "ERROR:4:bad lut" }
            beforeMs = min(ns / 1_000_000, beforeMs)
        }
        store.truncate(setName: set, beforeMs: beforeMs)
        return "ok"
    }
}
