import Foundation

/// Secondary index and UDF definitions captured with a snapshot, stored as a JSON tree blob referenced
/// from the snapshot's metadata under ``metadataName`` (SPEC.md §17.5); restore re-creates them.
///
/// JSON (sorted keys): `{"version":1,"namespace":"…","sindexes":[{…info properties…}],
/// "udfs":[{"filename":"…","type":"LUA","hash":"…","content":"<base64>"}]}`.
public struct ClusterMetadata: Codable, Sendable, Equatable {
    /// Name of the snapshot metadata entry holding this blob.
    public static let metadataName = "cluster-metadata"
    public static let currentVersion = 1

    /// One registered UDF module.
    public struct UDF: Codable, Sendable, Equatable {
        public var filename: String
        public var type: String
        public var hash: String
        /// The module source.
        public var content: Data

        public init(filename: String, type: String, hash: String, content: Data) {
            self.filename = filename
            self.type = type
            self.hash = hash
            self.content = content
        }
    }

    public var version: Int
    public var namespace: String
    /// Each index as the property dictionary of `sindex-list:ns=` (e.g. `indexname`, `set`, `bin`, `type`).
    public var sindexes: [[String: String]]
    public var udfs: [UDF]

    public init(namespace: String, sindexes: [[String: String]], udfs: [UDF]) {
        self.version = Self.currentVersion
        self.namespace = namespace
        self.sindexes = sindexes
        self.udfs = udfs
    }

    /// Deterministic JSON bytes (sorted keys).
    public func encode() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self))
    }

    /// Parses the blob; throws ``AeroVaultError`` `.corrupted` on bad JSON or an unknown version.
    public static func decode(_ bytes: [UInt8]) throws -> ClusterMetadata {
        let value: ClusterMetadata
        do {
            value = try JSONDecoder().decode(ClusterMetadata.self, from: Data(bytes))
        } catch {
            throw AeroVaultError(.corrupted, "the snapshot's cluster metadata blob is not valid JSON", cause: error)
        }
        guard value.version == currentVersion else {
            throw AeroVaultError(.corrupted, "cluster metadata version \(value.version) is not supported (this build reads 1)")
        }
        return value
    }
}
