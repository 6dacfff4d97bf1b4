import ArchiveStore
import Foundation

/// How `forget` partitions snapshots before applying a policy (`--group-by`, SPEC.md §14 "forget").
///
/// Each field present in the grouping must be equal for two snapshots to share a group. The default
/// is `cluster,namespace,scope`, like restic's host+paths: a partial snapshot (`--set`, `--no-ttl-only`,
/// …) never counts as a whole one's daily; the empty grouping puts every snapshot in one group.
public struct SnapshotGrouping: Hashable, Sendable, CustomStringConvertible {
    /// A snapshot field that can take part in grouping.
    public enum Field: String, CaseIterable, Sendable, Codable {
        case cluster, namespace, scope, sets, host, tags
    }

    public var fields: [Field]

    public init(_ fields: [Field]) {
        var seen: Set<Field> = []
        self.fields = Field.allCases.filter { fields.contains($0) && seen.insert($0).inserted }
    }

    /// `cluster,namespace,scope`.
    public static let `default` = SnapshotGrouping([.cluster, .namespace, .scope])

    /// Parses a comma-separated field list (`""` = no grouping).
    /// - Throws: `ArchiveStoreError(.invalidArgument)` naming an unknown field.
    public init(parsing text: String) throws {
        var fields: [Field] = []
        for part in text.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces)
            if name.isEmpty { continue }
            guard let field = Field(rawValue: name) else {
                let known = Field.allCases.map(\.rawValue).joined(separator: ", ")
                throw ArchiveStoreError(.invalidArgument, "unknown --group-by field \"\(name)\" (known: \(known))")
            }
            fields.append(field)
        }
        self.init(fields)
    }

    /// The group key of `snapshot` under this grouping.
    public func key(of snapshot: SnapshotSummary) -> SnapshotGroupKey {
        var key = SnapshotGroupKey()
        for field in fields {
            switch field {
            case .cluster:
                // Name and node set (SPEC.md §14 "Cluster identity"): same-named clusters stay apart.
                let nodes = snapshot.clusterNodes.map { " nodes \($0.joined(separator: ","))" } ?? ""
                key.cluster = snapshot.cluster + nodes
            case .scope: key.scope = snapshot.scope.description
            case .namespace: key.namespace = snapshot.namespace
            case .sets: key.sets = snapshot.sets.sorted()
            case .host: key.host = snapshot.host
            case .tags: key.tags = snapshot.tags.sorted()
            }
        }
        return key
    }

    public var description: String { fields.map(\.rawValue).joined(separator: ",") }
}

/// The values a group shares; fields not in the grouping are nil.
public struct SnapshotGroupKey: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var cluster: String?
    public var namespace: String?
    public var scope: String?
    public var sets: [String]?
    public var host: String?
    public var tags: [String]?

    public init() {}

    public var description: String {
        var parts: [String] = []
        if let cluster { parts.append("cluster [\(cluster)]") }
        if let namespace { parts.append("namespace [\(namespace)]") }
        if let scope { parts.append("scope [\(scope)]") }
        if let sets { parts.append("sets [\(sets.isEmpty ? "*" : sets.joined(separator: ", "))]") }
        if let host { parts.append("host [\(host)]") }
        if let tags { parts.append("tags [\(tags.joined(separator: ", "))]") }
        return parts.isEmpty ? "all snapshots" : parts.joined(separator: ", ")
    }

    public static func < (lhs: SnapshotGroupKey, rhs: SnapshotGroupKey) -> Bool {
        lhs.description < rhs.description
    }
}
