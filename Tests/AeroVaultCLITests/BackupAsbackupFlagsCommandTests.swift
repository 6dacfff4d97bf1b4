import Foundation
import Testing

/// asbackup's backup flags through `aerovault backup` (SPEC.md §14 "backup", "asbackup's flags" and
/// "Dry run"): the short names parse, a dry run leaves the repository as it was, bad values are usage
/// errors (exit 64).
@Suite struct BackupAsbackupFlagsCommandTests {
    /// Every file of the repository with its bytes.
    static func listing(_ repo: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for path in FileManager.default.subpaths(atPath: repo) ?? [] {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: repo + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            out[path] = try Data(contentsOf: URL(fileURLWithPath: repo + "/" + path))
        }
        return out
    }

    @Test func dryRunWithAsbackupFlagsWritesNothingAndBadValuesAreUsageErrors() async throws {
        let cli = try CLIRunner()
        let sim = try SimProcess(records: 200, namespaces: [])
        defer {
            sim.stop()
            cli.cleanUp()
        }
        #expect(try await cli.initRepository().status == 0)
        let host = "127.0.0.1:\(sim.port)"
        let before = try Self.listing(cli.repo)
        let dry = try await cli.run([
            "backup", "-h", host, "-n", "test", "--dry-run", "--json", "-x", "-M", "50", "-S", "-N", "100",
            "--socket-timeout", "5000", "--total-timeout", "60000", "--max-retries", "1", "--sleep-between-retries", "10",
        ])
        #expect(dry.status == 0, "\(dry.stderr)")
        let line = try #require(dry.stdout.split(separator: "\n").last)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(report["message_type"] as? String == "dry_run")
        #expect(report["snapshot_records"] as? Int == 50 && report["mode"] as? String == "full")
        #expect((report["new_chunks"] as? Int ?? 0) > 0)
        #expect(try Self.listing(cli.repo) == before)

        for (flags, message) in [
            (["-M", "0"], "--max-records must be at least 1"),
            (["--filter-exp", "!!"], "is not base64"),
            (["-l", host, "--partitions", "0-9"], "--node-list chooses the partitions"),
            (["--nice", "0"], "--nice must be at least 1"),
        ] {
            let bad = try await cli.run(["backup", "-h", host, "-n", "test"] + flags)
            #expect(bad.status == 64 && bad.stderr.contains(message), "\(flags): \(bad.stderr)")
        }
    }

    /// `--auth` (backup, restore, verify): an unknown mode, PKI without a client certificate or with
    /// --user, and EXTERNAL without --user are usage errors before anything connects; so is restore
    /// --nice 0.
    @Test func authModesAreChecked() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        for (command, flags, message) in [
            ("backup", ["--auth", "KERBEROS"], "not a login mode"),
            ("restore", ["-A", "PKI"], "--auth PKI needs --tls-enable"),
            ("verify", ["--auth", "pki", "-U", "admin"], "drop --user"),
            ("backup", ["--auth", "EXTERNAL"], "--auth EXTERNAL needs --user"),
            ("restore", ["--nice", "0"], "at least 1 MiB/s"),
        ] {
            let snapshot = command == "backup" ? [] : ["latest"]
            let bad = try await cli.run([command] + snapshot + ["-h", "127.0.0.1:1", "-n", "test"] + flags)
            #expect(bad.status == 64 && bad.stderr.contains(message), "\(command) \(flags): \(bad.stderr)")
        }
    }
}
