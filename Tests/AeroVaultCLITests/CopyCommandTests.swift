import ArchiveStore
import Foundation
import Testing

/// `aerovault copy` end to end (SPEC.md §14 "copy"): backups copied into a repository with other keys
/// restore and verify identically, a second copy adds nothing, and bad sources fail clearly.
@Suite struct CopyCommandTests {
    /// The destination's environment with the source repository of `source` as `--from-repo`.
    func copyEnvironment(to destination: CLIRunner, from source: CLIRunner) -> [String: String] {
        destination.environment([
            "AEROVAULT_FROM_REPOSITORY": source.repo, "AEROVAULT_FROM_PASSWORD_FILE": source.passwordFile,
        ])
    }

    func fileCount(_ path: String) -> Int {
        FileManager.default.enumerator(atPath: path)?.allObjects.count ?? 0
    }

    @Test func copiedBackupsRestoreIdenticallyAndASecondCopyAddsNothing() async throws {
        let source = try CLIRunner()
        let destination = try CLIRunner(password: "another password")
        let sim = try SimProcess(records: 300, namespaces: ["copy"])
        defer {
            sim.stop()
            source.cleanUp()
            destination.cleanUp()
        }
        let host = "127.0.0.1:\(sim.port)"
        #expect(try await source.initRepository().status == 0)
        #expect(try await destination.initRepository().status == 0)
        for _ in 0..<2 {
            let backup = try await source.run(["backup", "--host", host, "--namespace", "test", "--quiet"])
            #expect(backup.status == 0, "\(backup.stderr)")
        }
        let sourceIDs = try #require(CLIRunner.json(try await source.run(["snapshots", "--json"]).stdout) as? [[String: Any]])
            .compactMap { $0["id"] as? String }
        #expect(sourceIDs.count == 2)

        let env = copyEnvironment(to: destination, from: source)
        let copy = try await destination.run(["copy", "--json"], env: env)
        #expect(copy.status == 0, "\(copy.stderr)")
        let lines = try #require(CLIRunner.json(copy.stdout) as? [[String: Any]])
        #expect(lines.map { $0["source"] as? String } == sourceIDs)
        #expect(lines.allSatisfy { $0["already_present"] as? Bool == false })
        let stored = lines.map { $0["chunks_stored"] as? Int ?? -1 }
        // The incremental changed nothing: it shares every layer and digest list with the full one.
        #expect(stored[0] > 0 && stored[1] >= 0 && stored[1] < stored[0], "\(stored)")

        let copied = try #require(
            CLIRunner.json(try await destination.run(["snapshots", "--json"]).stdout) as? [[String: Any]])
        #expect(copied.count == 2)
        let newest = try #require(copied.last?["id"] as? String)
        let manifest = try await destination.run(["cat", "snapshot", newest])
        let fields = try JSONSerialization.jsonObject(with: Data(manifest.stdout.utf8)) as? [String: Any]
        #expect(fields?["original"] as? String == sourceIDs[1], "\(manifest.stdout)")

        let restore = try await destination.run(
            ["restore", "latest", "--host", host, "--namespace", "test", "--target-namespace", "copy"])
        #expect(restore.status == 0, "\(restore.stderr)")
        #expect(restore.stdout.contains("300 restored, 0 skipped"), "\(restore.stdout)")
        let verify = try await destination.run(
            ["verify", "latest", "--host", host, "--namespace", "test", "--target-namespace", "copy"])
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        #expect(verify.stdout.contains("IDENTICAL"))

        let files = fileCount(destination.repo + "/data") + fileCount(destination.repo + "/index")
        let again = try await destination.run(["copy"], env: env)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("0 snapshots copied, 2 already present"), "\(again.stdout)")
        #expect(fileCount(destination.repo + "/data") + fileCount(destination.repo + "/index") == files)
        #expect(fileCount(destination.repo + "/snapshots") == 2)

        let check = try await destination.run(["check", "--read-data"])
        #expect(check.status == 0, "\(check.stdout) \(check.stderr)")
        // The source is untouched and its lock is gone.
        #expect(fileCount(source.repo + "/locks") == 0)
        #expect(fileCount(destination.repo + "/locks") == 0)
    }

    @Test func theGoldenRepositoryCopiesWithTheSameRecords() async throws {
        let source = try CLIRunner()
        let destination = try CLIRunner(password: "another password")
        defer {
            source.cleanUp()
            destination.cleanUp()
        }
        let sourceEnv = try source.copyGoldenRepository()
        #expect(try await destination.initRepository().status == 0)
        var env = destination.environment()
        env["AEROVAULT_FROM_REPOSITORY"] = source.repo
        env["AEROVAULT_FROM_PASSWORD_FILE"] = sourceEnv["AEROVAULT_PASSWORD_FILE"]
        let copy = try await destination.run(["copy", "latest"], env: env)
        #expect(copy.status == 0, "\(copy.stderr)")
        #expect(copy.stdout.contains("1 snapshot copied, 0 already present"), "\(copy.stdout)")

        let before = try await source.run(["ls", "latest", "--json"], env: sourceEnv)
        let after = try await destination.run(["ls", "latest", "--json"])
        #expect(before.status == 0 && after.status == 0, "\(before.stderr) \(after.stderr)")
        #expect(!before.stdout.isEmpty && before.stdout == after.stdout)
        #expect(try await destination.run(["check", "--read-data"]).status == 0)
    }

    @Test func aWrongSourcePasswordOrMissingSourceFailsAndCopiesNothing() async throws {
        let source = try CLIRunner()
        let destination = try CLIRunner(password: "another password")
        defer {
            source.cleanUp()
            destination.cleanUp()
        }
        #expect(try await source.initRepository().status == 0)
        #expect(try await destination.initRepository().status == 0)
        let wrong = try destination.file("wrong", "not the password\n")

        var env = destination.environment(["AEROVAULT_FROM_REPOSITORY": source.repo, "AEROVAULT_FROM_PASSWORD_FILE": wrong])
        let badPassword = try await destination.run(["copy"], env: env)
        #expect(badPassword.status == 12, "\(badPassword.stderr)")

        env["AEROVAULT_FROM_REPOSITORY"] = source.scratch + "/nothing-here"
        let missing = try await destination.run(["copy"], env: env)
        #expect(missing.status == 10, "\(missing.stderr)")

        env["AEROVAULT_FROM_REPOSITORY"] = nil
        let unnamed = try await destination.run(["copy"], env: env)
        #expect(unnamed.status != 0)
        #expect(unnamed.stderr.contains("--from-repo"), "\(unnamed.stderr)")
        #expect(fileCount(destination.repo + "/snapshots") == 0)
        #expect(fileCount(destination.repo + "/locks") == 0)
    }
}
