import ArchiveStore

/// Choosing the parent of an incremental backup (SPEC.md §14 "backup", "Mode" and "Cluster identity").
extension ParentSnapshot {
    /// The parent, or nil with the reason the backup is full (printed as "no parent: …").
    struct Choice {
        let parent: ParentSnapshot?
        let whyFull: String?
    }

    /// Where the backup reads from: the cluster name and its node identities
    /// (``AerospikeWire/Cluster/nodeIdentities()``).
    struct Source {
        let clusterName: String
        let nodes: [String]
    }

    /// `--parent ID` when given; else the newest snapshot of the same cluster (name *and* node set) with
    /// the same scope. A snapshot without a recorded node set (written by an older aerovault) is never
    /// chosen automatically: the reason names it so the user can pass it with `--parent`.
    static func choose(
        in repository: any BackupRepository, configuration: BackupConfiguration, source: Source
    ) async throws -> Choice {
        if configuration.forceFull { return Choice(parent: nil, whyFull: "--full was given") }
        if let text = configuration.parentID {
            return Choice(parent: try await named(text, in: repository, configuration: configuration), whyFull: nil)
        }
        var otherCluster: SnapshotID?
        var unidentified: SnapshotID?
        for (id, snapshot) in try await repository.listSnapshots().reversed() {
            guard let parameters = try await sameScope(snapshot, configuration: configuration, in: repository) else {
                continue
            }
            guard snapshot.clusterName == source.clusterName else {
                otherCluster = otherCluster ?? id
                continue
            }
            guard let nodes = snapshot.scope?.clusterNodes else {
                unidentified = unidentified ?? id
                continue
            }
            guard nodes == source.nodes else {
                otherCluster = otherCluster ?? id
                continue
            }
            let parent = try await load(id: id, snapshot: snapshot, parameters: parameters, from: repository)
            if let reason = await parent.unusableReason(in: repository) { return Choice(parent: nil, whyFull: reason) }
            return Choice(parent: parent, whyFull: nil)
        }
        let scope = "namespace '\(configuration.namespace)' with the same sets, bins, partitions and filters"
        if let unidentified {
            return Choice(
                parent: nil,
                whyFull: "snapshot \(unidentified.short) of \(scope) records no cluster identity (written by an "
                    + "older aerovault); pass --parent \(unidentified.short) if it is of this cluster")
        }
        if let otherCluster {
            return Choice(
                parent: nil,
                whyFull: "the snapshots of \(scope) (newest \(otherCluster.short)) are of another cluster "
                    + "(cluster name or node set differ)")
        }
        return Choice(parent: nil, whyFull: "no earlier snapshot of \(scope)")
    }

    /// The backup parameters of `snapshot` if it has the scope `configuration` asks for and the blobs an
    /// incremental needs; nil otherwise.
    private static func sameScope(
        _ snapshot: Snapshot, configuration: BackupConfiguration, in repository: any BackupRepository
    ) async throws -> BackupParameters? {
        guard snapshot.namespace == configuration.namespace, snapshot.sets.sorted() == configuration.normalizedSets,
            snapshot.binFilter.sorted() == configuration.normalizedBins ?? [],
            snapshot.metadata[DigestListTable.metadataName] != nil,
            let parametersID = snapshot.metadata[BackupParameters.metadataName]
        else { return nil }
        let parameters = try BackupParameters.decode(try await repository.loadChunk(parametersID))
        return parameters.matches(configuration) ? parameters : nil
    }

    /// The snapshot named by `--parent`; it must have this backup's scope (any cluster: the user vouches).
    static func named(
        _ text: String, in repository: any BackupRepository, configuration: BackupConfiguration
    ) async throws -> ParentSnapshot {
        let id = try await repository.resolveSnapshot(text)
        let snapshot = try await repository.loadSnapshot(id)
        guard let parameters = try await sameScope(snapshot, configuration: configuration, in: repository) else {
            throw AeroVaultError(
                .invalidArgument,
                "snapshot \(id.short) (\(SnapshotScope(snapshot))) cannot be the parent: an incremental needs a "
                    + "snapshot with the same namespace, sets, bins, partitions and filters as this backup")
        }
        let parent = try await load(id: id, snapshot: snapshot, parameters: parameters, from: repository)
        if let reason = await parent.unusableReason(in: repository) {
            throw AeroVaultError(.invalidArgument, "snapshot \(id.short) cannot be the parent: \(reason); take a full backup")
        }
        return parent
    }
}
