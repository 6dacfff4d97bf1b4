import Foundation
import Testing

/// Debris of killed writers in the repository's `tmp/` (SPEC.md §6 "Temporary files").
@Suite struct RepositoryDebrisCommandTests {
    /// A killed writer's `tmp/` files are removed by the next writer once they are older than the
    /// lock staleness age (30 minutes); recent ones may belong to a live writer and stay.
    @Test func staleRepositoryTemporaryFilesAreRemovedByTheNextWriter() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try await cli.initRepository().status == 0)
        let tmp = cli.repo + "/tmp/"
        try Data("debris".utf8).write(to: URL(fileURLWithPath: tmp + "old-debris"))
        try FileManager.default.setAttributes(
            [.modificationDate: Date().addingTimeInterval(-2 * 3600)], ofItemAtPath: tmp + "old-debris")
        try Data("in flight".utf8).write(to: URL(fileURLWithPath: tmp + "in-flight"))

        // A reader leaves them alone; a writer (prune) removes only the stale one.
        #expect(try await cli.run(["check"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: tmp + "old-debris"))
        let pruned = try await cli.run(["prune"])
        #expect(pruned.status == 0, "\(pruned.stderr)")
        #expect(!FileManager.default.fileExists(atPath: tmp + "old-debris"))
        #expect(FileManager.default.fileExists(atPath: tmp + "in-flight"))
    }
}
