/// A file's name and size as reported by ``Backend/list(_:)`` and ``Backend/stat(_:name:)``.
public struct BackendFileInfo: Hashable, Sendable {
    public var name: String
    public var size: Int

    public init(name: String, size: Int) {
        self.name = name
        self.size = size
    }
}

/// What a backend can do, for callers sizing their parallelism.
public struct BackendProperties: Sendable {
    /// How many requests may usefully run at once.
    public var connections: Int
    /// Bytes to fetch when one chunk of a pack is read: 0 reads exactly the chunk; more suits
    /// backends where a request costs far more than its bytes (SPEC.md §7 "Reading a chunk").
    public var readAhead: Int

    public init(connections: Int, readAhead: Int = 0) {
        self.connections = connections
        self.readAhead = readAhead
    }
}

/// Where repository files live: a small key/value contract that a directory, memory or an object
/// store (S3) can satisfy. See SPEC.md §6 "Backend contract".
///
/// Files are addressed by `(kind, name)`; the backend maps that to its own key space (callers never
/// build paths and never assume directories exist). Every method is safe to call concurrently.
/// Errors are ``ArchiveStoreError``s: `.notFound` for a missing file, `.io` for transport failures,
/// `.corrupted` for a range past the end of a file.
public protocol Backend: Sendable {
    /// A human-readable location (path or URL) for messages.
    var location: String { get }

    var properties: BackendProperties { get }

    /// Whether a repository could exist here (e.g. the directory exists). Never throws for "absent".
    func exists() async throws -> Bool

    /// Stores `bytes` under `(kind, name)`, atomically: a reader sees either no file or all of it,
    /// never a prefix, including after a crash at any point. When `save` returns, the file is durable
    /// and visible to `load`/`list` (read-after-write). Saving an existing name replaces it atomically.
    func save(_ kind: FileKind, name: String, bytes: [UInt8]) async throws

    /// Stores `bytes` under `(kind, name)` only if no file has that name, decided atomically: of several
    /// concurrent creates of one name exactly one returns true; the others return false and change
    /// nothing. Durable and visible like ``save(_:name:bytes:)`` when it returns true (SPEC.md §6).
    func create(_ kind: FileKind, name: String, bytes: [UInt8]) async throws -> Bool

    /// Reads a whole file, or only `range` (byte offsets) of it.
    /// - Throws: `.notFound` if the file does not exist; `.corrupted` if `range` ends past the file.
    func load(_ kind: FileKind, name: String, range: Range<Int>?) async throws -> [UInt8]

    /// Lists every file of `kind` (any order). Temporary files from interrupted saves are never listed.
    func list(_ kind: FileKind) async throws -> [BackendFileInfo]

    /// Deletes a file. - Throws: `.notFound` if it does not exist.
    func remove(_ kind: FileKind, name: String) async throws

    /// Size of a file. - Throws: `.notFound` if it does not exist.
    func stat(_ kind: FileKind, name: String) async throws -> BackendFileInfo

    /// Deletes temporary files of interrupted saves last modified more than `age` seconds ago
    /// (SPEC.md §6 "Temporary files"); returns how many. Backends without temporary files (the
    /// default) do nothing. Never throws: debris that cannot be removed stays for a later run.
    func removeStaleTemporaryFiles(olderThan age: Double) async -> Int
}

extension Backend {
    public func removeStaleTemporaryFiles(olderThan age: Double) async -> Int { 0 }

    /// Reads a whole file.
    public func load(_ kind: FileKind, name: String) async throws -> [UInt8] {
        try await load(kind, name: name, range: nil)
    }

    /// Refuses names that are empty, longer than 128 characters, contain `/` or start with `.`.
    /// - Throws: `.invalidArgument`.
    public static func checkName(_ name: String) throws {
        guard !name.isEmpty, name.count <= 128, !name.contains("/"), !name.hasPrefix(".") else {
            throw ArchiveStoreError(.invalidArgument, "invalid file name \"\(name)\"")
        }
    }

    /// The `.notFound` error every backend throws for a missing file (the S3 backend and test-support
    /// backends included).
    public static func notFound(_ kind: FileKind, _ name: String, in location: String) -> ArchiveStoreError {
        ArchiveStoreError(.notFound, "\(kind.path(of: name)) does not exist in \(location)")
    }

    /// The `.corrupted` error for a range past the end of a file.
    public static func badRange(_ range: Range<Int>, size: Int, _ kind: FileKind, _ name: String) -> ArchiveStoreError {
        ArchiveStoreError(
            .corrupted,
            "\(kind.path(of: name)) is \(size) bytes, cannot read bytes \(range.lowerBound)..<\(range.upperBound); "
                + "the file is truncated or damaged")
    }
}
