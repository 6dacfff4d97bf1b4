/// Files of many-worker backup runs (SPEC.md §6 layout, §11 "Many workers, one snapshot"): the
/// parts workers save (`parts/<id>`, §17.7) and the claims that decide who assembles a run
/// (`assemblies/<name>`, §17.8). Their bodies belong to the backup engine; this layer seals, names
/// and stores them.
extension Repository {
    static let runPartLabel = "run-part"
    static let assemblyClaimLabel = "assembly-claim"

    /// Saves a run part sealed (label `run-part`, version 1) under the hash of its bytes; returns the id.
    public nonisolated func saveRunPart(body: [UInt8]) async throws -> ID32 {
        let bytes = try SealedFile.seal(body, version: 1, label: Self.runPartLabel, sealer: sealer)
        let id = FileHash.id(of: bytes)
        try await backend.save(.runPart, name: id.hex, bytes: bytes)
        return id
    }

    /// The names of every saved run part.
    public nonisolated func listRunParts() async throws -> [String] {
        try await backend.list(.runPart).map(\.name).sorted()
    }

    /// The body of run part `name`, checked against its name and authenticated.
    /// - Throws: `.notFound`, or `.corrupted` naming the file.
    public nonisolated func loadRunPart(_ name: String) async throws -> [UInt8] {
        let bytes = try await backend.load(.runPart, name: name)
        try SealedFile.verifyName(bytes, kind: .runPart, name: name)
        return try SealedFile.open(bytes, label: Self.runPartLabel, what: FileKind.runPart.path(of: name), sealer: sealer).body
    }

    /// Creates the claim `name` holding `info` unless it exists (SPEC.md §17.8); true if this call created it.
    public nonisolated func createAssemblyClaim(name: String, info: LockInfo) async throws -> Bool {
        let body = try MetadataJSON.encode(info)
        let bytes = try SealedFile.seal(body, version: 1, label: Self.assemblyClaimLabel, sealer: sealer)
        return try await backend.create(.assemblyClaim, name: name, bytes: bytes)
    }

    /// Who holds claim `name`; nil if there is no such claim.
    /// - Throws: `.corrupted` naming the file when it cannot be authenticated or parsed.
    public nonisolated func loadAssemblyClaim(name: String) async throws -> LockInfo? {
        let bytes: [UInt8]
        do {
            bytes = try await backend.load(.assemblyClaim, name: name)
        } catch let error as ArchiveStoreError where error.code == .notFound {
            return nil
        }
        let what = FileKind.assemblyClaim.path(of: name)
        let (_, body) = try SealedFile.open(bytes, label: Self.assemblyClaimLabel, what: what, sealer: sealer)
        return try MetadataJSON.decode(LockInfo.self, from: body, what: what)
    }

    /// Whether a run part or claim exists.
    public nonisolated func runFileExists(_ kind: FileKind, name: String) async throws -> Bool {
        precondition(kind == .runPart || kind == .assemblyClaim, "only run files")
        do {
            _ = try await backend.stat(kind, name: name)
            return true
        } catch let error as ArchiveStoreError where error.code == .notFound {
            return false
        }
    }

    /// Removes a run part or claim; a file already gone is not an error (another process removed it).
    public nonisolated func removeRunFile(_ kind: FileKind, name: String) async throws {
        precondition(kind == .runPart || kind == .assemblyClaim, "only run files")
        do {
            try await backend.remove(kind, name: name)
        } catch let error as ArchiveStoreError where error.code == .notFound {}
    }
}
