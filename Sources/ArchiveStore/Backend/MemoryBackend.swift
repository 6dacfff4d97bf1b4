import Foundation

/// An in-memory ``Backend`` for tests and engines' unit tests.
///
/// Lives in the library (not a test-support target) so every test target (ArchiveStore, AeroVault)
/// can use it, like restic's `mem` backend. Thread-safe; `save` is trivially atomic.
public final class MemoryBackend: Backend, @unchecked Sendable {
    // @unchecked: every access to `files` happens under `lock`.
    private let lock = NSLock()
    private var files: [FileKind: [String: [UInt8]]] = [:]

    public let location: String
    public var properties: BackendProperties { BackendProperties(connections: 4) }

    public init(location: String = "memory:") { self.location = location }

    public func exists() async throws -> Bool { true }

    public func save(_ kind: FileKind, name: String, bytes: [UInt8]) async throws {
        lock.withLock { files[kind, default: [:]][name] = bytes }
    }

    public func load(_ kind: FileKind, name: String, range: Range<Int>?) async throws -> [UInt8] {
        guard let bytes = lock.withLock({ files[kind]?[name] }) else {
            throw Self.notFound(kind, name, in: location)
        }
        guard let range else { return bytes }
        guard range.lowerBound >= 0, range.upperBound <= bytes.count else {
            throw Self.badRange(range, size: bytes.count, kind, name)
        }
        return Array(bytes[range])
    }

    public func list(_ kind: FileKind) async throws -> [BackendFileInfo] {
        lock.withLock { (files[kind] ?? [:]).map { BackendFileInfo(name: $0.key, size: $0.value.count) } }
    }

    public func remove(_ kind: FileKind, name: String) async throws {
        let removed = lock.withLock { files[kind]?.removeValue(forKey: name) }
        if removed == nil { throw Self.notFound(kind, name, in: location) }
    }

    public func stat(_ kind: FileKind, name: String) async throws -> BackendFileInfo {
        guard let bytes = lock.withLock({ files[kind]?[name] }) else {
            throw Self.notFound(kind, name, in: location)
        }
        return BackendFileInfo(name: name, size: bytes.count)
    }

    /// Test hook: replaces a file's bytes without any checks (to simulate tampering).
    public func tamper(_ kind: FileKind, name: String, _ transform: (inout [UInt8]) -> Void) {
        lock.withLock {
            guard var bytes = files[kind]?[name] else { return }
            transform(&bytes)
            files[kind]?[name] = bytes
        }
    }
}
