import ArchiveStore

extension MetadataExpanders {
    /// The metadata formats aerovault's backup engine writes (SPEC.md §17.1): the digest-list
    /// table (root → group blobs → per-partition digest-list chunks) and two JSON leaves. Metadata
    /// without an entry here is scanned conservatively (see ``MetadataExpanders``).
    public static let aerovault = MetadataExpanders([
        DigestListTable.metadataName: { root, load in
            var out: [ChunkID] = []
            for (group, id) in try DigestListTable.decodeRoot(root).sorted(by: { $0.key < $1.key }) {
                out.append(id)
                out.append(contentsOf: try DigestListTable.decodeGroup(try await load(id), group: group).values)
            }
            return out
        },
        BackupParameters.metadataName: { _, _ in [] },
        ClusterMetadata.metadataName: { _, _ in [] },
    ])
}
