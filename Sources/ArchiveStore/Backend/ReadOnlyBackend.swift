/// A ``Backend`` decorator that reads through and refuses every write (kopia's `readonly` storage):
/// a command opened with `--no-lock` uses it, so nothing it runs can write a lock, a temporary file
/// or anything else into the repository (SPEC.md §10 "--no-lock").
public struct ReadOnlyBackend: Backend {
    public let base: any Backend

    public init(wrapping base: any Backend) { self.base = base }

    public var location: String { base.location }
    public var properties: BackendProperties { base.properties }

    public func exists() async throws -> Bool { try await base.exists() }

    /// - Throws: `.refused`, naming the file; nothing is written.
    public func save(_ kind: FileKind, name: String, bytes: [UInt8]) async throws {
        throw refusal("write", kind, name)
    }

    /// - Throws: `.refused`, naming the file; nothing is written.
    public func create(_ kind: FileKind, name: String, bytes: [UInt8]) async throws -> Bool {
        throw refusal("write", kind, name)
    }

    public func load(_ kind: FileKind, name: String, range: Range<Int>?) async throws -> [UInt8] {
        try await base.load(kind, name: name, range: range)
    }

    public func list(_ kind: FileKind) async throws -> [BackendFileInfo] { try await base.list(kind) }

    /// - Throws: `.refused`, naming the file; nothing is removed.
    public func remove(_ kind: FileKind, name: String) async throws {
        throw refusal("remove", kind, name)
    }

    public func stat(_ kind: FileKind, name: String) async throws -> BackendFileInfo {
        try await base.stat(kind, name: name)
    }

    /// Removes nothing: read-only.
    public func removeStaleTemporaryFiles(olderThan age: Double) async -> Int { 0 }

    private func refusal(_ verb: String, _ kind: FileKind, _ name: String) -> ArchiveStoreError {
        ArchiveStoreError(
            .refused,
            "the repository at \(location) is open read-only (--no-lock); refusing to \(verb) \(kind.path(of: name))")
    }
}
