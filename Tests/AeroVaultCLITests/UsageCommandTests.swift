import Foundation
import Testing

/// Command-line habits and usage errors (SPEC.md §14): asbackup's short flags, URL locations,
/// the usage exit status.
@Suite(.serialized) struct UsageCommandTests {
    /// `backup -h HOST -p PORT -n NS` is a backup, not a request for help that exits 0 (a cron job
    /// would "succeed" and back up nothing). Restore and verify take the same flags.
    @Test func asbackupShortFlagsRunABackupRestoreAndVerify() async throws {
        let cli = try CLIRunner()
        let sim = try SimProcess(records: 200, namespaces: ["copy"])
        defer {
            sim.stop()
            cli.cleanUp()
        }
        #expect(try await cli.initRepository().status == 0)
        let port = "\(sim.port)"
        let backup = try await cli.run(["backup", "-h", "127.0.0.1", "-p", port, "-n", "test", "-s", "users,orders", "--quiet"])
        #expect(backup.status == 0, "\(backup.stdout) \(backup.stderr)")
        #expect(!backup.stdout.contains("USAGE"), "\(backup.stdout)")
        let listed = try await cli.run(["snapshots", "--json"])
        let rows = try #require(CLIRunner.json(listed.stdout) as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows.first?["sets"] as? [String] == ["orders", "users"] || rows.first?["sets"] as? [String] == ["users", "orders"])

        // The backup holds two sets only: `latest` picks it because restore and verify ask for those sets
        // (SPEC.md §14 "Snapshot selection").
        let restore = try await cli.run(
            ["restore", "latest", "-h", "127.0.0.1:\(port),127.0.0.1:\(port)", "-n", "test", "-s", "users,orders",
             "-B", "id,name",
             "--target-namespace", "copy", "--quiet"])
        #expect(restore.status == 0, "\(restore.stdout) \(restore.stderr)")
        let verify = try await cli.run(
            ["verify", "latest", "-h", "127.0.0.1", "-p", port, "-n", "test", "-s", "orders", "-s", "users", "-B", "id,name",
             "--target-namespace", "copy"])
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        #expect(verify.stdout.contains("IDENTICAL"), "\(verify.stdout)")

        // Help is --help only there; -h without a value is a usage error, not help.
        let help = try await cli.run(["backup", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("-h, --host"), "\(help.stdout)")
        let bare = try await cli.run(["backup", "-h"])
        #expect(bare.status == 64, "\(bare.stdout) \(bare.stderr)")
    }

    /// `--host 127.0.0.1` means port 3000 (it used to fail with "bad port"); `-P` without a terminal
    /// is a clear error, not a hang.
    @Test func hostWithoutPortAndPasswordPromptWithoutTerminal() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try await cli.initRepository().status == 0)
        let noPort = try await cli.run(
            ["restore", "latest", "--host", "127.0.0.1", "--namespace", "test", "--dry-run", "--check-cluster", "--timeout", "0.5"])
        #expect(!noPort.stderr.contains("bad port"), "\(noPort.stderr)")
        #expect(noPort.status != 64, "\(noPort.stderr)")

        let prompt = try await cli.run(["backup", "-h", "127.0.0.1", "-n", "test", "-U", "admin", "-P"])
        #expect(prompt.status != 0)
        #expect(prompt.stderr.contains("stdin is not a terminal"), "\(prompt.stderr)")
        let promptWithoutUser = try await cli.run(["backup", "-h", "127.0.0.1", "-n", "test", "-P"])
        #expect(promptWithoutUser.status == 64)
        #expect(promptWithoutUser.stderr.contains("needs --user"), "\(promptWithoutUser.stderr)")
    }

    /// `init --repo sftp:…` must not create a local folder named `sftp:user@…` (as `s3:http://…` once
    /// made `s3:http:` before the S3 backend existed) and exit 0.
    @Test func urlLocationsAreRefusedUntilSupported() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let work = FileManager.default.currentDirectoryPath
        for location in ["sftp:user@127.0.0.1:/srv/vault", "rest:http://127.0.0.1:8000/",
                         "foo:bar"] {
            let result = try await cli.run(["init", "--repo", location, "--kdf-memory-mib", "1", "--kdf-ops", "1"])
            #expect(result.status == 1, "\(location): \(result.stderr)")
            #expect(result.stderr.contains("does not support"), "\(result.stderr)")
            let scheme = String(location.prefix { $0 != ":" })
            #expect(result.stderr.contains("'\(scheme):'"), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: work + "/" + scheme + ":http:"))
            #expect(!FileManager.default.fileExists(atPath: work + "/" + location))
        }
        // A path with a slash before the colon, or local:, is a directory.
        let colonDirectory = cli.scratch + "/vault:1"
        let plain = try await cli.run(["init", "--repo", colonDirectory, "--kdf-memory-mib", "1", "--kdf-ops", "1"])
        #expect(plain.status == 0, "\(plain.stderr)")
        let local = try await cli.run(["init", "--repo", "local:" + cli.scratch + "/vault2", "--kdf-memory-mib", "1", "--kdf-ops", "1"])
        #expect(local.status == 0, "\(local.stderr)")
        #expect(FileManager.default.fileExists(atPath: cli.scratch + "/vault2/config"))
    }

    /// Usage errors exit 64, and the exit-status table in every help says so.
    @Test func usageErrorsExit64AndTheTableSaysSo() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let bogus = try await cli.run(["snapshots", "--no-such-flag"])
        #expect(bogus.status == 64, "\(bogus.stderr)")
        let help = try await cli.run(["snapshots", "--help"])
        #expect(help.stdout.contains("64   usage error"), "\(help.stdout)")
    }
}
