import ArchiveStore
@testable import AeroVault

/// Backup bookkeeping blobs (SPEC.md §17): digest lists and their table, and the JSON metadata a
/// backup stores or resumes from. Read after their blob authenticated.
enum BackupTargets {
    static let all: [FuzzTarget] = [digestList, backupMetadata, runPart]

    /// Digest-list chunks, and digest-list table root and group blobs (the first byte picks the group).
    static let digestList = FuzzTarget("digest-list", seeds: {
        let digests = (0..<4).map { n in [UInt8](repeating: UInt8(n * 16), count: DigestList.digestLength) }
        let table = DigestListTable(lists: [3: RepositoryTargets.sampleIDs[0], 17: RepositoryTargets.sampleIDs[1]])
        return [DigestList(digests: digests).encode()] + table.encodeGroups().sorted { $0.key < $1.key }.map {
            [UInt8($0.key)] + $0.value
        } + [[0] + DigestListTable.encodeRoot(groups: [0: RepositoryTargets.sampleIDs[2]])]
    }) { bytes in
        _ = try? DigestList.decode(bytes)
        guard let group = bytes.first else { return }
        let blob = Array(bytes.dropFirst())
        _ = try? DigestListTable.decodeRoot(blob)
        _ = try? DigestListTable.decodeGroup(blob, group: Int(group))
    }

    /// Cluster metadata, backup parameters and checkpoints (JSON).
    static let backupMetadata = FuzzTarget("backup-metadata", seeds: {
        [try! ClusterMetadata(namespace: "test", sindexes: [["indexname": "age_idx", "bin": "age"]], udfs: []).encode(),
         Array(#"{"version":1,"mode":"incremental","parent":"ab12","scanStart":5,"baselineStoredBytes":0,"failedRecords":0,"outcomes":[]}"#.utf8)]
    }) { bytes in
        _ = try? ClusterMetadata.decode(bytes)
        _ = try? BackupParameters.decode(bytes)
        _ = try? BackupCheckpoint.decode(bytes)
    }

    /// A many-worker run's part (JSON, §17.7), then what assembly derives from it: the run's
    /// configuration (its partition selection text parsed) and the argument comparison.
    static let runPart = FuzzTarget("run-part", seeds: {
        [Array(#"{"bins":["a"],"clusterMetadata":"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff","clusterName":"c","clusterNodes":["BB9"],"compactionThreshold":8,"failedRecords":0,"host":"h","mode":"full","namespace":"test","noTTLOnly":false,"outcomes":[],"partitions":"0-1023,2048","run":"nightly","scanStart":5,"sets":["s"],"tags":[],"time":1,"username":"u","version":1,"worker":1,"workers":4}"#.utf8)]
    }) { bytes in
        guard let part = try? RunPart.decode(bytes, name: "fuzz") else { return }
        _ = try? part.configuration()
        _ = part.differences(from: part)
    }
}
