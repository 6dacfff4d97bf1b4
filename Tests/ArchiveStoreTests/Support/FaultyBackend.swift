import Foundation
@testable import ArchiveStore

/// Wraps a backend and fails `save` for chosen kinds after a number of successful saves.
final class FaultyBackend: Backend, @unchecked Sendable {
    // @unchecked: `saves` is only touched under `lock`.
    private let inner: any Backend
    private let failingKind: FileKind
    private let failAfter: Int
    private let lock = NSLock()
    private var saves = 0

    init(wrapping inner: any Backend, failing kind: FileKind, after count: Int) {
        self.inner = inner
        self.failingKind = kind
        self.failAfter = count
    }

    var location: String { inner.location }
    var properties: BackendProperties { inner.properties }
    func exists() async throws -> Bool { try await inner.exists() }

    func save(_ kind: FileKind, name: String, bytes: [UInt8]) async throws {
        if kind == failingKind {
            let n = lock.withLock { saves += 1; return saves }
            if n > failAfter { throw ArchiveStoreError(.io, "injected failure saving \(kind.path(of: name))") }
        }
        try await inner.save(kind, name: name, bytes: bytes)
    }

    func create(_ kind: FileKind, name: String, bytes: [UInt8]) async throws -> Bool {
        try await inner.create(kind, name: name, bytes: bytes)
    }

    func load(_ kind: FileKind, name: String, range: Range<Int>?) async throws -> [UInt8] {
        try await inner.load(kind, name: name, range: range)
    }
    func list(_ kind: FileKind) async throws -> [BackendFileInfo] { try await inner.list(kind) }
    func remove(_ kind: FileKind, name: String) async throws { try await inner.remove(kind, name: name) }
    func stat(_ kind: FileKind, name: String) async throws -> BackendFileInfo { try await inner.stat(kind, name: name) }
}
