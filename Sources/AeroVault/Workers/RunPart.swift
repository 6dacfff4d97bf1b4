import ArchiveStore
import Foundation

/// One worker's share of a many-worker backup run, saved sealed as `parts/<id>` (SPEC.md §17.7): the
/// outcomes of its partitions plus what the assembled snapshot needs from the run.
///
/// JSON, sorted keys, optional values left out: `{"version":1,"run":…,"worker":2,"workers":4,"time":<ns>,
/// "host":…,"username":…,"clusterName":…,"clusterNodes":[…],"namespace":…,"sets":[…],"bins":[…],
/// "partitions":"0-4095","modifiedAfter":<ns>,"modifiedBefore":<ns>,"noTTLOnly":false,
/// "compactionThreshold":8,"tags":[…],"mode":"full","parent":"<hex>","parentScanStart":<ns>,
/// "scanStart":<ns>,"clusterMetadata":"<hex>","failedRecords":0,"outcomes":[…]}`.
struct RunPart: Codable, Equatable {
    static let currentVersion = 1

    var version = Self.currentVersion
    var run: String
    var worker: Int
    var workers: Int
    /// When this worker started, by its host's clock, ns since the Unix epoch.
    var time: UInt64
    var host: String
    var username: String
    var clusterName: String
    var clusterNodes: [String]
    var namespace: String
    var sets: [String]
    var bins: [String]?
    /// The run's whole partition selection (``PartitionSelection`` text), not this worker's range.
    var partitions: String
    var modifiedAfter: UInt64?
    var modifiedBefore: UInt64?
    var noTTLOnly: Bool
    var compactionThreshold: Int
    var tags: [String]
    var mode: BackupMode
    var parent: SnapshotID?
    var parentScanStart: UInt64?
    var scanStart: UInt64
    var clusterMetadata: ChunkID
    var failedRecords: Int
    var outcomes: [PartitionOutcome]

    /// The run's arguments, by name, as text: equal in every part of a run (SPEC.md §17.7).
    var arguments: [(name: String, value: String)] {
        [
            ("workers", "\(workers)"), ("cluster", clusterName), ("cluster nodes", clusterNodes.joined(separator: ",")),
            ("namespace", namespace), ("sets", sets.joined(separator: ",")),
            ("bins", bins?.joined(separator: ",") ?? "*"), ("partitions", partitions),
            ("modified-after", modifiedAfter.map(String.init) ?? "-"),
            ("modified-before", modifiedBefore.map(String.init) ?? "-"), ("no-ttl-only", "\(noTTLOnly)"),
            ("compaction-threshold", "\(compactionThreshold)"), ("tags", tags.joined(separator: ",")),
            ("mode", mode.rawValue), ("parent", parent?.short ?? "-"),
        ]
    }

    /// The arguments in which this part differs from `other`, e.g. `sets a where worker 1 has a,b`.
    func differences(from other: RunPart) -> [String] {
        zip(arguments, other.arguments).filter { $0.value != $1.value }.map { mine, theirs in
            "\(mine.name) \(mine.value) where worker \(other.worker) has \(theirs.value)"
        }
    }

    /// The backup configuration the run was given (what the assembled manifest records).
    func configuration() throws -> BackupConfiguration {
        var config = BackupConfiguration(namespace: namespace)
        config.sets = sets
        config.binNames = bins
        config.partitions = try PartitionSelection(list: partitions)
        config.modifiedAfter = modifiedAfter
        config.modifiedBefore = modifiedBefore
        config.noTTLOnly = noTTLOnly
        config.compactionThreshold = compactionThreshold
        config.tags = tags
        config.hostname = host
        return config
    }

    var startDate: Date { Date(timeIntervalSince1970: Double(time) / 1e9) }

    func encode() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(self))
    }

    static func decode(_ bytes: [UInt8], name: String) throws -> RunPart {
        let value: RunPart
        do {
            value = try JSONDecoder().decode(RunPart.self, from: Data(bytes))
        } catch {
            throw AeroVaultError(.corrupted, "\(FileKind.runPart.path(of: name)) is not a valid run part", cause: error)
        }
        guard value.version == currentVersion else {
            throw AeroVaultError(
                .corrupted, "\(FileKind.runPart.path(of: name)) has run part version \(value.version); this build reads 1")
        }
        return value
    }
}
