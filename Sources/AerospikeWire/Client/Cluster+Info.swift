import Foundation

/// A set as reported by `sets/<ns>` (objects summed over nodes; includes replicas).
public struct SetInfo: Equatable, Sendable {
    public var namespace: String
    public var name: String
    public var objects: Int
    /// Every `key=value` property of the first node reporting the set.
    public var properties: [String: String]
}

/// A UDF module as reported by `udf-list`.
public struct UDFInfo: Equatable, Sendable {
    public var filename: String
    public var hash: String
    public var type: String
}

/// Info helpers (SPEC.md §12.6).
extension Cluster {
    /// Runs info commands on one node (any node if nil).
    /// - Throws: ``WireError/Code/noNodes`` without nodes; `ERROR:` replies become ``WireError/Code/server(_:)``
    ///   (the numeric code when given) only through the typed helpers below.
    public nonisolated func info(_ commands: [String], node: Node? = nil) async throws -> [String: String] {
        try await checkOpen()
        var target = node
        if target == nil { target = await currentNodes.first }
        guard let target else {
            throw WireError(.noNodes, "no cluster node to send info to")
        }
        return try await target.pool.withConnection { try await $0.info(commands, timeout: self.config.socketTimeout) }
    }

    nonisolated func value(_ command: String, node: Node? = nil) async throws -> String {
        let v = try await info([command], node: node)[command] ?? ""
        if let err = InfoCodec.error(in: v) {
            let rc = err.code.flatMap { UInt8(exactly: $0) }.map(ResultCode.init(_:)) ?? .serverError
            throw WireError(.server(rc), "info '\(command)' failed: \(err.message)")
        }
        return v
    }

    /// `cluster-name` of a node.
    public nonisolated func clusterName() async throws -> String { try await value("cluster-name") }

    /// Namespaces (`namespaces`).
    public nonisolated func namespaces() async throws -> [String] {
        try await value("namespaces").split(separator: ";").map(String.init)
    }

    /// Sets of a namespace with object counts summed over every node.
    public nonisolated func sets(namespace: String) async throws -> [SetInfo] {
        var merged: [String: SetInfo] = [:]
        var order: [String] = []
        for node in await currentNodes {
            for entry in try await value("sets/\(namespace)", node: node).split(separator: ";") where !entry.isEmpty {
                var props: [String: String] = [:]
                for kv in entry.split(separator: ":") {
                    let parts = kv.split(separator: "=", maxSplits: 1)
                    if parts.count == 2 { props[String(parts[0])] = String(parts[1]) }
                }
                guard let name = props["set"] ?? props["set_name"] else { continue }
                let objects = Int(props["objects"] ?? props["n_objects"] ?? "") ?? 0
                if merged[name] == nil {
                    merged[name] = SetInfo(namespace: namespace, name: name, objects: 0, properties: props)
                    order.append(name)
                }
                merged[name]!.objects += objects
            }
        }
        return order.compactMap { merged[$0] }
    }

    /// Master object count of a namespace, summed over nodes (`master_objects`, else `objects` ÷ replication).
    public nonisolated func objectCount(namespace: String) async throws -> Int {
        var total = 0
        for node in await currentNodes {
            let props = Self.keyValues(try await value("namespace/\(namespace)", node: node), separator: ";")
            if props["type"] == "unknown" { throw WireError(.server(.invalidNamespace), "namespace '\(namespace)' does not exist") }
            if let m = props["master_objects"].flatMap({ Int($0) }) {
                total += m
            } else {
                let objects = Int(props["objects"] ?? "") ?? 0
                let rf = max(1, Int(props["effective_replication_factor"] ?? props["replication-factor"] ?? "") ?? 1)
                total += objects / rf
            }
        }
        return total
    }

    /// Secondary indexes of a namespace: one property dictionary per index (`sindex-list:ns=`).
    public nonisolated func secondaryIndexes(namespace: String) async throws -> [[String: String]] {
        try await value("sindex-list:ns=\(namespace)").split(separator: ";").filter { !$0.isEmpty }
            .map { Self.keyValues(String($0), separator: ":") }
    }

    /// Registered UDF modules (`udf-list`).
    public nonisolated func udfList() async throws -> [UDFInfo] {
        try await value("udf-list").split(separator: ";").filter { !$0.isEmpty }.map {
            let p = Self.keyValues(String($0), separator: ",")
            return UDFInfo(filename: p["filename"] ?? "", hash: p["hash"] ?? "", type: p["type"] ?? "")
        }
    }

    /// The source of a UDF module (`udf-get:filename=…`, base64 `content`).
    public nonisolated func udfContents(filename: String) async throws -> [UInt8] {
        let props = Self.keyValues(try await value("udf-get:filename=\(filename)"), separator: ";")
        guard let b64 = props["content"], let data = Data(base64Encoded: b64) else {
            throw WireError.malformed("udf-get for '\(filename)' returned no base64 content")
        }
        return [UInt8](data)
    }

    static func keyValues(_ text: String, separator: Character) -> [String: String] {
        var out: [String: String] = [:]
        for item in text.split(separator: separator) {
            let parts = item.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { out[String(parts[0])] = String(parts[1]) }
        }
        return out
    }
}
