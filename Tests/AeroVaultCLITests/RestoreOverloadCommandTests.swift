import Foundation
import Testing

/// `aerovault restore` into a simulator answering 30 % of writes DEVICE_OVERLOAD (SPEC.md §14
/// "restore", "Retries and overload"): it finishes, and the summary says how many retries it took.
@Suite(.serialized) struct RestoreOverloadCommandTests {
    @Test func restoreUnderDeviceOverloadFinishesAndCountsRetries() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let source = try SimProcess(records: 2000, namespaces: [])
        defer { source.stop() }
        #expect(try await cli.run(["init", "--kdf-memory-mib", "1", "--kdf-ops", "1"]).status == 0)
        let backup = try await cli.run(["backup", "--host", "127.0.0.1:\(source.port)", "--namespace", "test", "--quiet"])
        #expect(backup.status == 0, "\(backup.stderr)")

        let overloaded = try SimProcess(records: 0, namespaces: ["copy"], options: ["--fault", "error=18;rate=0.3"])
        defer { overloaded.stop() }
        let host = "127.0.0.1:\(overloaded.port)"
        let text = try await cli.run(["restore", "latest", "--host", host, "--namespace", "test", "--target-namespace", "copy"])
        #expect(text.status == 0, "\(text.stdout) \(text.stderr)")
        #expect(text.stdout.contains("2000 restored, 0 skipped"), "\(text.stdout)")
        let line = try #require(text.stdout.split(separator: "\n").first { $0.hasPrefix("retries:") }, "\(text.stdout)")
        let retried = Int(line.split(separator: " ").dropFirst().first { Int($0) != nil } ?? "") ?? 0
        #expect(retried > 100, "\(line)")
        #expect(line.contains("overload answers"), "\(line)")

        // Again with --json (the records exist now: skipped by the generation check, still retried).
        let json = try await cli.run(
            ["restore", "latest", "--host", host, "--namespace", "test", "--target-namespace", "copy", "--json",
             "--retry-time", "2m", "--max-retries", "1000"])
        #expect(json.status == 0, "\(json.stderr)")
        let summary = try #require(CLIRunner.json(json.stdout) as? [String: Any])
        #expect(summary["message_type"] as? String == "summary")
        let retries = try #require(summary["retries"] as? [String: Any], "\(summary)")
        #expect((retries["retries"] as? Int ?? 0) > 100, "\(retries)")
        #expect((retries["overload_answers"] as? Int ?? 0) > 100, "\(retries)")
        #expect(retries["rows_given_up"] as? Int == 0)

        let bad = try await cli.run(["restore", "latest", "--host", host, "--namespace", "test", "--retry-time", "soon"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("retry-time"), "\(bad.stderr)")
    }
}
