import ArchiveStore

/// The contract every ``Backend`` must satisfy (SPEC.md §6), as one suite any backend's tests run:
///
/// ```swift
/// @Test func s3BackendConforms() async throws {
///     try await BackendConformance.run { try await makeEmptyBucketBackend() }
/// }
/// ```
///
/// Each check gets a fresh backend from `makeBackend` (empty, with its location created) and throws a
/// ``Failure`` naming the check and what differed, so it works under Swift Testing and XCTest alike.
public enum BackendConformance {
    /// A broken promise: which check, and what the backend did instead.
    public struct Failure: Error, CustomStringConvertible {
        public var check: String
        public var detail: String
        public var description: String { "backend conformance, \(check): \(detail)" }
    }

    /// Every check, by name.
    private static func checks(atomicCreate: Bool) -> [(name: String, body: @Sendable (any Backend) async throws -> Void)] {
        [
            ("save, load and list", saveLoadList),
            ("ranged loads", ranges),
            ("missing files", missingFiles),
            ("replace, remove and concurrent saves", replaceAndRemove),
            ("create only if absent", { try await createIfAbsent($0, atomic: atomicCreate) }),
        ]
    }

    /// Runs every check, each on a new backend from `makeBackend`; throws the first ``Failure``.
    /// - Parameter atomicCreate: false for a test server whose create-if-absent checks and then
    ///   writes (moto_server), where two concurrent creates may both win (SPEC.md §17.8): then at
    ///   least one must win and the file must hold a winner's bytes.
    public static func run(atomicCreate: Bool = true, _ makeBackend: () async throws -> any Backend) async throws {
        for check in checks(atomicCreate: atomicCreate) {
            let backend = try await makeBackend()
            do {
                try await check.body(backend)
            } catch let failure as Failure {
                throw failure
            } catch {
                throw Failure(check: check.name, detail: "unexpected error: \(error)")
            }
        }
    }

    private static func saveLoadList(_ backend: any Backend) async throws {
        let check = Checker("save, load and list")
        let a: [UInt8] = TestData.bytes(seed: 1, count: 1000)
        let b: [UInt8] = TestData.bytes(seed: 2, count: 10)
        let packName = String(repeating: "ab", count: 32)
        try await backend.save(.pack, name: packName, bytes: a)
        try await backend.save(.index, name: "i1", bytes: b)
        try await backend.save(.config, name: FileKind.configName, bytes: b)
        try check.equal(try await backend.load(.pack, name: packName), a, "pack read back")
        try check.equal(try await backend.load(.index, name: "i1"), b, "index read back")
        try check.equal(try await backend.list(.pack), [BackendFileInfo(name: packName, size: 1000)], "pack listing")
        try check.equal(try await backend.list(.index), [BackendFileInfo(name: "i1", size: 10)], "index listing")
        try check.equal(
            try await backend.list(.config), [BackendFileInfo(name: FileKind.configName, size: 10)], "config listing")
        try check.equal(try await backend.list(.snapshot), [], "listing of a kind never saved")
        try check.equal(try await backend.stat(.pack, name: packName).size, 1000, "stat size")
        // empty files are files too
        try await backend.save(.lock, name: "empty", bytes: [])
        try check.equal(try await backend.load(.lock, name: "empty"), [], "empty file read back")
        try await backend.remove(.lock, name: "empty")
    }

    private static func ranges(_ backend: any Backend) async throws {
        let check = Checker("ranged loads")
        let a = TestData.bytes(seed: 3, count: 500)
        try await backend.save(.snapshot, name: "r", bytes: a)
        try check.equal(try await backend.load(.snapshot, name: "r", range: 10..<20), Array(a[10..<20]), "middle range")
        try check.equal(
            try await backend.load(.snapshot, name: "r", range: 496..<500), Array(a[496..<500]), "last bytes")
        try check.equal(try await backend.load(.snapshot, name: "r", range: 500..<500), [], "empty range at the end")
        try await check.fails(with: .corrupted, mentioning: "snapshots/r", "range past the end") {
            _ = try await backend.load(.snapshot, name: "r", range: 490..<501)
        }
        try await backend.remove(.snapshot, name: "r")
    }

    private static func missingFiles(_ backend: any Backend) async throws {
        let check = Checker("missing files")
        try await check.fails(with: .notFound, mentioning: "keys/nope", "load") {
            _ = try await backend.load(.key, name: "nope")
        }
        try await check.fails(with: .notFound, mentioning: "keys/nope", "stat") {
            _ = try await backend.stat(.key, name: "nope")
        }
        try await check.fails(with: .notFound, mentioning: "keys/nope", "remove") {
            try await backend.remove(.key, name: "nope")
        }
    }

    private static func replaceAndRemove(_ backend: any Backend) async throws {
        let check = Checker("replace, remove and concurrent saves")
        try await backend.save(.lock, name: "l", bytes: [1, 2, 3])
        try await backend.save(.lock, name: "l", bytes: [4])
        try check.equal(try await backend.load(.lock, name: "l"), [4], "second save replaces the first")
        try await backend.remove(.lock, name: "l")
        try check.equal(try await backend.list(.lock), [], "listing after remove")
        // Concurrent saves of distinct names all land.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<20 {
                group.addTask { try await backend.save(.lock, name: "c\(i)", bytes: [UInt8(i)]) }
            }
            try await group.waitForAll()
        }
        try check.equal(try await backend.list(.lock).count, 20, "files after 20 concurrent saves")
        for i in 0..<20 { try await backend.remove(.lock, name: "c\(i)") }
    }

    /// `create` (SPEC.md §6): of 8 concurrent creates of one name exactly one wins and its bytes stay;
    /// a create over an existing file changes nothing.
    private static func createIfAbsent(_ backend: any Backend, atomic: Bool) async throws {
        let check = Checker("create only if absent")
        let won = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            for i in 0..<8 {
                group.addTask { (i, try await backend.create(.assemblyClaim, name: "claim", bytes: [UInt8(i), 7])) }
            }
            return try await group.reduce(into: [Int]()) { if $1.1 { $0.append($1.0) } }
        }
        let stored = try await backend.load(.assemblyClaim, name: "claim")
        if atomic {
            try check.equal(won.count, 1, "creates that won")
            try check.equal(stored, [UInt8(won[0]), 7], "the winner's bytes")
        } else {
            try check.equal(won.isEmpty, false, "some create won")
            try check.equal(won.map { [UInt8($0), 7] }.contains(stored), true, "a winner's bytes")
        }
        try check.equal(try await backend.create(.assemblyClaim, name: "claim", bytes: [9]), false, "create over a file")
        try check.equal(try await backend.list(.assemblyClaim).map(\.name), ["claim"], "listing after creates")
        try await backend.remove(.assemblyClaim, name: "claim")
        try check.equal(try await backend.create(.assemblyClaim, name: "claim", bytes: [9]), true, "create after remove")
        try await backend.remove(.assemblyClaim, name: "claim")
    }

    /// Compares and throws a ``Failure`` of one check.
    private struct Checker {
        let name: String
        init(_ name: String) { self.name = name }

        func equal<T: Equatable>(_ actual: T, _ expected: T, _ what: String) throws {
            guard actual == expected else {
                throw Failure(check: name, detail: "\(what): got \(actual), expected \(expected)")
            }
        }

        func fails(
            with code: ArchiveStoreError.Code, mentioning path: String, _ what: String,
            _ body: () async throws -> Void
        ) async throws {
            do {
                try await body()
            } catch let error as ArchiveStoreError {
                guard error.code == code, error.message.contains(path) else {
                    throw Failure(
                        check: name,
                        detail: "\(what): threw \(error.code) \"\(error.message)\", expected \(code) naming \(path)")
                }
                return
            }
            throw Failure(check: name, detail: "\(what): succeeded, expected \(code) naming \(path)")
        }
    }
}
