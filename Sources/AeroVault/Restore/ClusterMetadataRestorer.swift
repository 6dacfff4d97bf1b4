import AerospikeWire
import ArchiveStore
import Foundation

/// Recreates the UDF modules and secondary indexes captured with a snapshot (SPEC.md §14 "restore"),
/// before any record is written, so indexes build as records arrive.
///
/// Commands (sent to one node; the cluster distributes them):
/// `udf-put:filename=F;content=<base64>;content-len=<base64 length>;udf-type=LUA;` and
/// `sindex-create:ns=NS;[set=S;]indexname=I;indexdata=BIN,TYPE;[indextype=T;]`. An answer other than `ok`
/// (for example "index already exists") becomes a warning; it never stops the restore.
public struct ClusterMetadataRestorer: Sendable {
    /// What was recreated.
    public struct Result: Sendable, Equatable {
        public var indexes = 0
        public var udfs = 0
        public var warnings: [String] = []
    }

    let target: any RestoreTarget

    public init(target: any RestoreTarget) {
        self.target = target
    }

    /// Loads the `cluster-metadata` blob of `snapshot`, if it has one.
    /// - Throws: a repository error naming a damaged chunk; ``BackupError`` `.corrupted` for bad JSON.
    public static func load(from snapshot: Snapshot, loader: any ChunkLoader) async throws -> ClusterMetadata? {
        guard let id = snapshot.metadata[ClusterMetadata.metadataName] else { return nil }
        return try ClusterMetadata.decode(try await loader.loadChunk(id))
    }

    /// Recreates what `metadata` lists, indexes in `namespace` (the restore's target namespace).
    public func restore(_ metadata: ClusterMetadata, namespace: String, indexes: Bool, udfs: Bool) async throws -> Result {
        var result = Result()
        if udfs {
            for udf in metadata.udfs {
                let content = udf.content.base64EncodedString()
                let command =
                    "udf-put:filename=\(udf.filename);content=\(content);content-len=\(content.utf8.count);"
                    + "udf-type=\(udf.type.isEmpty ? "LUA" : udf.type);"
                if try await run(command, what: "UDF module \(udf.filename)", into: &result) { result.udfs += 1 }
            }
        }
        if indexes {
            for properties in metadata.sindexes {
                guard let command = Self.sindexCreate(properties, namespace: namespace) else {
                    result.warnings.append("secondary index without name or bin skipped: \(properties)")
                    continue
                }
                let name = properties["indexname"] ?? "?"
                if try await run(command, what: "secondary index \(name)", into: &result) { result.indexes += 1 }
            }
        }
        return result
    }

    /// The `sindex-create` command for one `sindex-list` entry, or nil when it lacks a name or bin.
    static func sindexCreate(_ p: [String: String], namespace: String) -> String? {
        guard let name = p["indexname"], !name.isEmpty, let bin = p["bin"], !bin.isEmpty else { return nil }
        var command = "sindex-create:ns=\(namespace);"
        if let set = p["set"], !set.isEmpty, set != "NULL" { command += "set=\(set);" }
        command += "indexname=\(name);indexdata=\(bin),\((p["type"] ?? "numeric").lowercased());"
        if let type = p["indextype"], !type.isEmpty, type.lowercased() != "default", type != "NONE" {
            command += "indextype=\(type.lowercased());"
        }
        return command
    }

    private func run(_ command: String, what: String, into result: inout Result) async throws -> Bool {
        let answer = try await target.runInfo([command])[command] ?? ""
        if answer.lowercased().hasPrefix("ok") || answer.isEmpty { return true }
        result.warnings.append("\(what) not recreated: \(answer)")
        return false
    }
}
