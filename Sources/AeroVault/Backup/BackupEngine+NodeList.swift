import AerospikeWire

/// `backup --node-list` (SPEC.md §14 "backup", "asbackup's flags"): back up only the partitions the
/// listed nodes master.
extension BackupEngine {
    /// The partitions whose master, by the client's partition map now, is a node at one of
    /// `addresses` (`HOST:PORT`, as the nodes advertise their service: the address part of
    /// ``BackupSource/nodeIdentities()``). The backup then records exactly these partitions in its
    /// scope, so the snapshot is partial and an incremental with the same list finds it as parent
    /// while the map stays the same.
    /// - Throws: ``AeroVaultError`` `.invalidArgument` when an address names no node of the cluster, or
    ///   the listed nodes master no partition of `namespace`.
    public static func partitions(
        masteredBy addresses: [String], namespace: String, in source: any BackupSource
    ) async throws -> PartitionSelection {
        var nodeByAddress: [String: String] = [:]
        for identity in try await source.nodeIdentities() {
            guard let at = identity.firstIndex(of: "@") else { continue }
            let id = String(identity[..<at])
            for address in identity[identity.index(after: at)...].split(whereSeparator: { $0 == "," || $0 == ";" }) {
                nodeByAddress[String(address)] = id
            }
        }
        var wanted = Set<String>()
        for address in addresses {
            guard let id = nodeByAddress[address] else {
                throw AeroVaultError(
                    .invalidArgument,
                    "--node-list names \(address), which is no node of the cluster (nodes: "
                        + "\(nodeByAddress.keys.sorted().joined(separator: ", ")))")
            }
            wanted.insert(id)
        }
        let masters = await source.partitionMasters(namespace: namespace)
        let ids = masters.filter { wanted.contains($0.value) }.map(\.key)
        guard !ids.isEmpty else {
            throw AeroVaultError(.invalidArgument, "the nodes of --node-list master no partition of namespace '\(namespace)'")
        }
        return try PartitionSelection(ids: ids)
    }
}
