import ArchiveStore

extension SnapshotSummary {
    /// The summary of a stored snapshot manifest.
    public init(id: SnapshotID, snapshot: Snapshot) {
        self.init(
            id: id, time: snapshot.time, host: snapshot.host, tags: snapshot.tags, cluster: snapshot.clusterName,
            namespace: snapshot.namespace, sets: snapshot.sets, parent: snapshot.parent, records: snapshot.recordCount,
            bytes: snapshot.byteCount, scope: SnapshotScope(snapshot), clusterNodes: snapshot.scope?.clusterNodes,
            username: snapshot.username, keyID: snapshot.keyID, keyRole: snapshot.keyRole)
    }
}

/// Which snapshots a command considers (`--tag`, `--namespace`, `--host`); empty filters match all.
public struct SnapshotFilter: Sendable, Hashable {
    /// Each entry is a comma-separated tag list; a snapshot matches if it has every tag of any entry.
    public var tags: [[String]]
    public var namespaces: [String]
    public var hosts: [String]

    public init(tags: [[String]] = [], namespaces: [String] = [], hosts: [String] = []) {
        self.tags = tags
        self.namespaces = namespaces
        self.hosts = hosts
    }

    /// Whether every snapshot matches.
    public var isEmpty: Bool { tags.isEmpty && namespaces.isEmpty && hosts.isEmpty }

    /// `" with tags a,b or c from host h1"`: the filter as a message phrase; empty when it matches all.
    public var description: String {
        var out = ""
        if !tags.isEmpty { out += " with tags " + tags.map { $0.joined(separator: ",") }.joined(separator: " or ") }
        if !namespaces.isEmpty { out += " of namespace " + namespaces.joined(separator: " or ") }
        if !hosts.isEmpty { out += " from host " + hosts.joined(separator: " or ") }
        return out
    }

    public func matches(_ snapshot: SnapshotSummary) -> Bool {
        (tags.isEmpty || tags.contains { snapshot.hasTags($0) })
            && (namespaces.isEmpty || namespaces.contains(snapshot.namespace))
            && (hosts.isEmpty || hosts.contains(snapshot.host))
    }
}

extension SnapshotLister {
    /// Every snapshot's summary, oldest first, optionally filtered.
    public func snapshotSummaries(matching filter: SnapshotFilter = SnapshotFilter()) async throws -> [SnapshotSummary] {
        try await listSnapshots().map { SnapshotSummary(id: $0.id, snapshot: $0.snapshot) }.filter(filter.matches)
    }

    /// Like ``snapshotSummaries(matching:)`` but skips snapshot files that cannot be read, returning
    /// them too (for `snapshots`, which must not be blocked by one damaged file).
    public func readableSnapshotSummaries(
        matching filter: SnapshotFilter = SnapshotFilter()
    ) async throws -> (summaries: [SnapshotSummary], unreadable: [UnreadableSnapshot]) {
        let listing = try await listReadableSnapshots()
        let summaries = listing.snapshots.map { SnapshotSummary(id: $0.id, snapshot: $0.snapshot) }.filter(filter.matches)
        return (summaries, listing.unreadable)
    }
}
