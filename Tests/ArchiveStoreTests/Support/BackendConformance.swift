import Testing
@testable import ArchiveStore

/// The contract every ``Backend`` must satisfy (SPEC.md §6); each backend's tests call ``run(_:)``.
enum BackendConformance {
    static func run(_ backend: any Backend) async throws {
        try await saveLoadList(backend)
        try await ranges(backend)
        try await missingFiles(backend)
        try await replaceAndRemove(backend)
    }

    private static func saveLoadList(_ backend: any Backend) async throws {
        let a: [UInt8] = TestData.bytes(seed: 1, count: 1000)
        let b: [UInt8] = TestData.bytes(seed: 2, count: 10)
        let packName = String(repeating: "ab", count: 32)
        try await backend.save(.pack, name: packName, bytes: a)
        try await backend.save(.index, name: "i1", bytes: b)
        try await backend.save(.config, name: FileKind.configName, bytes: b)
        #expect(try await backend.load(.pack, name: packName) == a)
        #expect(try await backend.load(.index, name: "i1") == b)
        #expect(try await backend.list(.pack) == [BackendFileInfo(name: packName, size: 1000)])
        #expect(try await backend.list(.index) == [BackendFileInfo(name: "i1", size: 10)])
        #expect(try await backend.list(.config) == [BackendFileInfo(name: FileKind.configName, size: 10)])
        #expect(try await backend.list(.snapshot).isEmpty)
        #expect(try await backend.stat(.pack, name: packName).size == 1000)
        // empty files are files too
        try await backend.save(.lock, name: "empty", bytes: [])
        #expect(try await backend.load(.lock, name: "empty") == [])
        try await backend.remove(.lock, name: "empty")
    }

    private static func ranges(_ backend: any Backend) async throws {
        let a = TestData.bytes(seed: 3, count: 500)
        try await backend.save(.snapshot, name: "r", bytes: a)
        #expect(try await backend.load(.snapshot, name: "r", range: 10..<20) == Array(a[10..<20]))
        #expect(try await backend.load(.snapshot, name: "r", range: 496..<500) == Array(a[496..<500]))
        #expect(try await backend.load(.snapshot, name: "r", range: 500..<500) == [])
        let error = await #expect(throws: ArchiveStoreError.self) {
            _ = try await backend.load(.snapshot, name: "r", range: 490..<501)
        }
        #expect(error?.code == .corrupted)
        #expect(error?.message.contains("snapshots/r") == true)
        try await backend.remove(.snapshot, name: "r")
    }

    private static func missingFiles(_ backend: any Backend) async throws {
        for call in 0..<3 {
            let error = await #expect(throws: ArchiveStoreError.self) {
                switch call {
                case 0: _ = try await backend.load(.key, name: "nope")
                case 1: _ = try await backend.stat(.key, name: "nope")
                default: try await backend.remove(.key, name: "nope")
                }
            }
            #expect(error?.code == .notFound)
            #expect(error?.message.contains("keys/nope") == true)
        }
    }

    private static func replaceAndRemove(_ backend: any Backend) async throws {
        try await backend.save(.lock, name: "l", bytes: [1, 2, 3])
        try await backend.save(.lock, name: "l", bytes: [4])
        #expect(try await backend.load(.lock, name: "l") == [4])
        try await backend.remove(.lock, name: "l")
        #expect(try await backend.list(.lock).isEmpty)
        // Concurrent saves of distinct names all land.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<20 {
                group.addTask { try await backend.save(.lock, name: "c\(i)", bytes: [UInt8(i)]) }
            }
            try await group.waitForAll()
        }
        #expect(try await backend.list(.lock).count == 20)
        for i in 0..<20 { try await backend.remove(.lock, name: "c\(i)") }
    }
}
