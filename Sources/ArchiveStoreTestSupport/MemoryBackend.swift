import ArchiveStore
import NIOConcurrencyHelpers

/// An in-memory ``Backend`` for tests, like restic's `mem` backend: every file in a dictionary.
///
/// Test support only (README "Running the tests"); no shipped code uses it. Sendable without
/// `@unchecked`: the only mutable state is the locked box. `save` is trivially atomic.
public final class MemoryBackend: Backend, Sendable {
    private let files = NIOLockedValueBox<[FileKind: [String: [UInt8]]]>([:])
    private let loads = NIOLockedValueBox<[FileKind: Int]>([:])

    public let location: String
    public let properties: BackendProperties

    /// - Parameter readAhead: ``BackendProperties/readAhead``, to act like an object store.
    public init(location: String = "memory:", readAhead: Int = 0) {
        self.location = location
        self.properties = BackendProperties(connections: 4, readAhead: readAhead)
    }

    /// How many `load` calls read files of `kind` (whole or ranged), as requests to an object store.
    public func loadCount(_ kind: FileKind) -> Int { loads.withLockedValue { $0[kind] ?? 0 } }

    public func exists() async throws -> Bool { true }

    public func save(_ kind: FileKind, name: String, bytes: [UInt8]) async throws {
        files.withLockedValue { $0[kind, default: [:]][name] = bytes }
    }

    public func create(_ kind: FileKind, name: String, bytes: [UInt8]) async throws -> Bool {
        files.withLockedValue { files in
            guard files[kind]?[name] == nil else { return false }
            files[kind, default: [:]][name] = bytes
            return true
        }
    }

    public func load(_ kind: FileKind, name: String, range: Range<Int>?) async throws -> [UInt8] {
        loads.withLockedValue { $0[kind, default: 0] += 1 }
        guard let bytes = files.withLockedValue({ $0[kind]?[name] }) else {
            throw Self.notFound(kind, name, in: location)
        }
        guard let range else { return bytes }
        guard range.lowerBound >= 0, range.upperBound <= bytes.count else {
            throw Self.badRange(range, size: bytes.count, kind, name)
        }
        return Array(bytes[range])
    }

    public func list(_ kind: FileKind) async throws -> [BackendFileInfo] {
        files.withLockedValue { ($0[kind] ?? [:]).map { BackendFileInfo(name: $0.key, size: $0.value.count) } }
    }

    public func remove(_ kind: FileKind, name: String) async throws {
        let removed = files.withLockedValue { $0[kind]?.removeValue(forKey: name) }
        if removed == nil { throw Self.notFound(kind, name, in: location) }
    }

    public func stat(_ kind: FileKind, name: String) async throws -> BackendFileInfo {
        guard let bytes = files.withLockedValue({ $0[kind]?[name] }) else {
            throw Self.notFound(kind, name, in: location)
        }
        return BackendFileInfo(name: name, size: bytes.count)
    }

    /// Replaces a file's bytes without any checks (to simulate tampering).
    public func tamper(_ kind: FileKind, name: String, _ transform: (inout [UInt8]) -> Void) {
        files.withLockedValue { files in
            guard var bytes = files[kind]?[name] else { return }
            transform(&bytes)
            files[kind]?[name] = bytes
        }
    }
}
