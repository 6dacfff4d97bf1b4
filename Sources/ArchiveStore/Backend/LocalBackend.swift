import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

private typealias PosixStat = stat

/// A ``Backend`` on a local directory, laid out as in SPEC.md §6.
///
/// `save` writes to `tmp/<random>`, fsyncs the file, renames it into place and fsyncs the directory,
/// so after a crash a file is either absent or complete. Leftover `tmp/` files are never listed and
/// may be deleted by any later writer.
public struct LocalBackend: Backend {
    /// The repository directory.
    public let root: URL
    public var location: String { root.path }
    public var properties: BackendProperties { BackendProperties(connections: 2) }

    /// Where saves write before their rename (SPEC.md §6). `package`: ArchiveStoreTestSupport's
    /// `createLayout()` lays out a repository directory with it.
    package static let tmpDirectory = "tmp"

    public init(path: String) {
        self.root = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
    }

    public func exists() async throws -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    public func save(_ kind: FileKind, name: String, bytes: [UInt8]) async throws {
        let (final, finalDir, tmp) = try prepareWrite(kind, name)
        try await Self.blockingIO {
            do {
                try writeDurably(bytes, to: tmp)
                guard rename(tmp, final) == 0 else { throw posixError("rename \(tmp) to \(final)") }
                try syncDirectory(finalDir)
            } catch {
                unlink(tmp)
                throw error
            }
        }
    }

    /// Like ``save(_:name:bytes:)``, but `link`s the temporary file to the name instead of renaming it,
    /// which fails with `EEXIST` when the name exists: the create-if-absent of SPEC.md §6.
    public func create(_ kind: FileKind, name: String, bytes: [UInt8]) async throws -> Bool {
        let (final, finalDir, tmp) = try prepareWrite(kind, name)
        return try await Self.blockingIO {
            defer { unlink(tmp) }
            try writeDurably(bytes, to: tmp)
            guard link(tmp, final) == 0 else {
                if errno == EEXIST { return false }
                throw posixError("link \(tmp) to \(final)")
            }
            try syncDirectory(finalDir)
            return true
        }
    }

    /// The file's path, its directory and a fresh `tmp/` name for writing it; both directories exist.
    private func prepareWrite(_ kind: FileKind, _ name: String) throws -> (final: String, finalDir: String, tmp: String) {
        try checkName(name)
        let final = path(kind, name)
        let finalDir = (final as NSString).deletingLastPathComponent
        let tmpDir = root.appendingPathComponent(Self.tmpDirectory).path
        try makeDirectory(tmpDir)
        try makeDirectory(finalDir)
        let tmp = tmpDir + "/" + name.prefix(16) + "-" + HexCoding.encode((0..<8).map { _ in UInt8.random(in: 0...255) })
        return (final, finalDir, tmp)
    }

    /// Where writes and fsyncs wait for the device: threads of their own, not Swift's cooperative
    /// pool (one thread per core), so a 16 MiB pack being written and synced never stalls the tasks
    /// that scan, chunk, compress and seal meanwhile.
    private static let ioQueue = DispatchQueue(label: "aerovault.local-backend.io", attributes: .concurrent)

    private static func blockingIO<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<T, any Error>) in
            ioQueue.async { done.resume(with: Result { try body() }) }
        }
    }

    public func load(_ kind: FileKind, name: String, range: Range<Int>?) async throws -> [UInt8] {
        try checkName(name)
        let file = path(kind, name)
        let fd = open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { throw Self.notFound(kind, name, in: location) }
            throw posixError("open \(file)")
        }
        defer { close(fd) }
        var st = PosixStat()
        guard fstat(fd, &st) == 0 else { throw posixError("stat \(file)") }
        let size = Int(st.st_size)
        let want = range ?? 0..<size
        guard want.lowerBound >= 0, want.upperBound <= size else { throw Self.badRange(want, size: size, kind, name) }
        var out = [UInt8](repeating: 0, count: want.count)
        var done = 0
        while done < want.count {
            let n = out.withUnsafeMutableBytes { buf in
                pread(fd, buf.baseAddress! + done, want.count - done, off_t(want.lowerBound + done))
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw n == 0 ? Self.badRange(want, size: done, kind, name) : posixError("read \(file)") }
            done += n
        }
        return out
    }

    public func list(_ kind: FileKind) async throws -> [BackendFileInfo] {
        if kind == .config {
            let info = try? await stat(.config, name: FileKind.configName)
            return info.map { [$0] } ?? []
        }
        let dir = root.appendingPathComponent(kind.prefix).path
        let dirs = kind.isFannedOut ? try entries(of: dir).map { dir + "/" + $0 } : [dir]
        var out: [BackendFileInfo] = []
        for d in dirs {
            for name in try entries(of: d) {
                var st = PosixStat()
                guard lstat(d + "/" + name, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { continue }
                out.append(BackendFileInfo(name: name, size: Int(st.st_size)))
            }
        }
        return out
    }

    public func remove(_ kind: FileKind, name: String) async throws {
        try checkName(name)
        let file = path(kind, name)
        guard unlink(file) == 0 else {
            if errno == ENOENT { throw Self.notFound(kind, name, in: location) }
            throw posixError("remove \(file)")
        }
        try syncDirectory((file as NSString).deletingLastPathComponent)
    }

    public func stat(_ kind: FileKind, name: String) async throws -> BackendFileInfo {
        try checkName(name)
        var st = PosixStat()
        guard lstat(path(kind, name), &st) == 0 else {
            if errno == ENOENT { throw Self.notFound(kind, name, in: location) }
            throw posixError("stat \(path(kind, name))")
        }
        return BackendFileInfo(name: name, size: Int(st.st_size))
    }

    // MARK: - Paths and POSIX helpers

    func path(_ kind: FileKind, _ name: String) -> String {
        root.path + "/" + kind.path(of: name)
    }

    private func checkName(_ name: String) throws { try Self.checkName(name) }

    private func entries(of dir: String) throws -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: dir)
        } catch let error as CocoaError where error.code == .fileReadNoSuchFile {
            return []
        } catch {
            if !FileManager.default.fileExists(atPath: dir) { return [] }
            throw ArchiveStoreError(.io, "cannot list \(dir)", cause: error)
        }
    }

    /// Creates `dir` and any missing parents (each parent fsynced after a new entry appears in it).
    private func makeDirectory(_ dir: String, depth: Int = 0) throws {
        if mkdir(dir, 0o700) == 0 {
            try syncDirectory((dir as NSString).deletingLastPathComponent)
        } else if errno == ENOENT && depth < 64 {
            try makeDirectory((dir as NSString).deletingLastPathComponent, depth: depth + 1)
            try makeDirectory(dir, depth: depth + 1)
        } else if errno != EEXIST {
            throw posixError("create directory \(dir)")
        }
    }

    private func writeDurably(_ bytes: [UInt8], to file: String) throws {
        let (fd, direct) = openForWrite(file, size: bytes.count)
        guard fd >= 0 else { throw posixError("create \(file)") }
        defer { close(fd) }
        // Large files: the aligned prefix bypasses the page cache (LocalBackend+DirectWrite.swift).
        let done = direct ? try writeDirectPrefix(bytes, fd: fd, file: file) : 0
        try DurableFile.writeAll(bytes, from: done, to: fd, file: file)
        guard fsync(fd) == 0 else { throw posixError("fsync \(file)") }
    }

    private func syncDirectory(_ dir: String) throws { try DurableFile.syncDirectory(dir) }

    func posixError(_ what: String) -> ArchiveStoreError { DurableFile.error(what) }
}
