import ArchiveStore

// What an asbackup backup file (SPEC.md §18) holds besides records: its header, secondary-index
// definitions and UDF modules. Records are ArchiveStore's `ArchiveRecord`s (SPEC.md §5.1).

/// The file header: `Version 3.1` and the `#` metadata lines after it (SPEC.md §18.1).
public struct AsbHeader: Equatable, Sendable {
    /// `3.0` (no escaping) or `3.1`.
    public var version: String
    /// From `# namespace NS`, if present.
    public var namespace: String?
    /// `# first-file`: the file that carries the secondary indexes and UDFs.
    public var isFirstFile: Bool

    public init(version: String = AsbHeader.currentVersion, namespace: String?, isFirstFile: Bool) {
        self.version = version
        self.namespace = namespace
        self.isFirstFile = isFirstFile
    }

    /// The version every writer writes.
    public static let currentVersion = "3.1"
    /// The 3.0 files asbackup wrote before escaping; read, never written.
    public static let legacyVersion = "3.0"
}

/// A `* i` line: one secondary index (SPEC.md §18.3).
public struct AsbSecondaryIndex: Equatable, Sendable {
    /// One indexed path: a bin name and its value type.
    public struct Path: Equatable, Sendable {
        public var bin: String
        /// `S` string, `N` numeric, `G` geo2dsphere, `B` blob.
        public var type: Character

        public init(bin: String, type: Character) {
            self.bin = bin
            self.type = type
        }
    }

    public var namespace: String
    /// Empty for an index over the whole namespace.
    public var set: String
    public var name: String
    /// `N` plain bin value, `L` list elements, `K` map keys, `V` map values.
    public var indexType: Character
    public var paths: [Path]
    /// The base64 CDT context, if the index has one.
    public var context: String?

    public init(namespace: String, set: String, name: String, indexType: Character, paths: [Path], context: String?) {
        self.namespace = namespace
        self.set = set
        self.name = name
        self.indexType = indexType
        self.paths = paths
        self.context = context
    }

    /// Value types a path may have, as written in the file.
    public static let pathTypes: Set<Character> = ["S", "N", "G", "B"]
    /// Index types as written in the file.
    public static let indexTypes: Set<Character> = ["N", "L", "K", "V"]
}

/// A `* u` line: one UDF module (SPEC.md §18.3).
public struct AsbUDF: Equatable, Sendable {
    /// `L` (Lua), the only type asbackup knows.
    public var type: Character
    public var name: String
    /// The module source, byte for byte.
    public var content: [UInt8]

    public init(type: Character = "L", name: String, content: [UInt8]) {
        self.type = type
        self.name = name
        self.content = content
    }
}

/// One entry of a backup file after its header.
public enum AsbEntry: Equatable, Sendable {
    /// A record and the namespace its `+ n` line names.
    case record(namespace: String, ArchiveRecord)
    case index(AsbSecondaryIndex)
    case udf(AsbUDF)
}

/// A malformed file: names the file and the 1-based line where reading stopped (SPEC.md §18.5).
public struct AsbError: Error, CustomStringConvertible, Equatable, Sendable {
    public var file: String
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }
}
