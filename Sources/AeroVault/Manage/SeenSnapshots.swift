import ArchiveStore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// This host's record of the snapshots it has seen in one repository, kept in a local cache directory
/// (SPEC.md §15 "Deleted snapshots"). The repository storage is untrusted and can delete a snapshot
/// file without trace; a snapshot this host saw that vanished without a `forget` from this host is
/// reported by `check` and warned about by `restore latest` / `verify latest`.
///
/// File `<cache>/<repository id>/seen-snapshots`: the line `aerovault-seen-snapshots 1` (format
/// version 1), then one 64-hex snapshot id per line, sorted. Replaced atomically (temp file, fsync,
/// rename, fsync of the directory) under an exclusive `flock` of `<cache>/<repository id>/lock`.
public struct SeenSnapshots: Sendable {
    static let header = "aerovault-seen-snapshots"
    static let version = 1

    /// The repository's directory in the cache.
    public let directory: URL

    /// - Parameters:
    ///   - cacheDirectory: the aerovault cache root (see ``defaultCacheDirectory(environment:)``).
    ///   - repositoryID: the repository's config id; caches of different repositories never mix.
    public init(cacheDirectory: URL, repositoryID: ID32) {
        directory = cacheDirectory.appendingPathComponent(repositoryID.hex, isDirectory: true)
    }

    /// `$AEROVAULT_CACHE_DIR`, else `$XDG_CACHE_HOME/aerovault`, else `$HOME/.cache/aerovault`.
    public static func defaultCacheDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let dir = environment["AEROVAULT_CACHE_DIR"], !dir.isEmpty { return URL(fileURLWithPath: dir) }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            return URL(fileURLWithPath: xdg).appendingPathComponent("aerovault")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".cache/aerovault")
    }

    var file: URL { directory.appendingPathComponent("seen-snapshots") }

    /// The ids recorded so far (empty when this host has no record yet).
    /// - Throws: `.corrupted` when the file is not a version-1 record.
    public func load() throws -> Set<SnapshotID> {
        guard let data = FileManager.default.contents(atPath: file.path) else { return [] }
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        guard lines.first == "\(Self.header) \(Self.version)" else {
            throw AeroVaultError(
                .corrupted, "\(file.path) is not an aerovault seen-snapshots record (version \(Self.version)); remove it")
        }
        lines.removeFirst()
        var ids: Set<SnapshotID> = []
        for line in lines {
            guard let id = ID32(hex: line) else {
                throw AeroVaultError(.corrupted, "\(file.path) holds a bad snapshot id '\(line)'; remove the file")
            }
            ids.insert(id)
        }
        return ids
    }

    /// Snapshots seen earlier that are not in `present` (vanished without a `forget` from this host).
    public func vanished(present: some Sequence<SnapshotID>) throws -> [SnapshotID] {
        try load().subtracting(present).sorted()
    }

    /// Adds `seen` and removes `forgotten` in one atomic update.
    public func update(seen: some Sequence<SnapshotID> = [SnapshotID](), forgotten: some Sequence<SnapshotID> = [SnapshotID]())
        throws
    {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try withLock {
            var ids = try load()
            ids.formUnion(seen)
            ids.subtract(forgotten)
            let text = ([("\(Self.header) \(Self.version)")] + ids.sorted().map(\.hex)).joined(separator: "\n") + "\n"
            try DurableFile.replace(file, with: Array(text.utf8))
        }
    }

    private func withLock<T>(_ body: () throws -> T) throws -> T {
        let path = directory.appendingPathComponent("lock").path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw AeroVaultError(.io, "cannot open \(path): errno \(errno)") }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { throw AeroVaultError(.io, "cannot lock \(path): errno \(errno)") }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}
