import ArchiveStore
import Foundation

extension LocalBackend {
    /// Creates the repository directory, the per-kind directories and `tmp/` (SPEC.md §6), for tests
    /// that look at a local layout before any save (a save creates what it needs by itself).
    public func createLayout() throws {
        let dirs = FileKind.allCases.filter { $0 != .config }.map(\.prefix) + [Self.tmpDirectory]
        for dir in dirs {
            try FileManager.default.createDirectory(
                at: root.appendingPathComponent(dir, isDirectory: true), withIntermediateDirectories: true)
        }
    }
}
