import Foundation
import ProcessSupport
import S3TestSupport
import Testing

/// `aerovault` end to end on an `s3:` repository served by moto on loopback (SPEC.md §6 "S3
/// backend"): init → backup → restore → verify → check --read-data → copy to a local repository, the
/// same through a proxy that injects 503 SlowDown, 500 and connection resets, and a writer SIGKILLed
/// mid-upload.
@Suite(.serialized) struct S3CommandTests {
    /// The CLI environment for an S3 repository at `endpoint` (moto or a proxy in front of it).
    func environment(_ cli: CLIRunner, endpoint: String) -> [String: String] {
        cli.environment(["AEROVAULT_REPOSITORY": "s3:\(endpoint)/vault-bucket/repo/one"]).merging(MotoServer.credentials) { $1 }
    }

    /// init, backup, restore into another namespace, verify IDENTICAL, and a clean `check --read-data`.
    func roundTrip(through endpoint: String, records: Int) async throws {
        let cli = try CLIRunner()
        let sim = try SimProcess(records: records, namespaces: ["copy"])
        defer {
            sim.stop()
            cli.cleanUp()
        }
        let env = environment(cli, endpoint: endpoint)
        let host = "127.0.0.1:\(sim.port)"
        let initialized = try await cli.run(["init", "--kdf-memory-mib", "1", "--kdf-ops", "1", "--pack-size-kib", "128"], env: env)
        #expect(initialized.status == 0, "\(initialized.stderr)")
        #expect(initialized.stdout.contains("at s3:\(endpoint)/vault-bucket/repo/one"), "\(initialized.stdout)")
        let backup = try await cli.run(["backup", "--host", host, "--namespace", "test", "--quiet"], env: env)
        #expect(backup.status == 0, "\(backup.stderr)")
        let restored = try await cli.run(
            ["restore", "latest", "--host", host, "--namespace", "test", "--target-namespace", "copy"], env: env)
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(restored.stdout.contains("\(records) restored, 0 skipped"), "\(restored.stdout)")
        let verified = try await cli.run(
            ["verify", "latest", "--host", host, "--namespace", "test", "--target-namespace", "copy"], env: env)
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
        #expect(verified.stdout.contains("IDENTICAL"), "\(verified.stdout)")
        let check = try await cli.run(["check", "--read-data"], env: env)
        #expect(check.status == 0, "\(check.stdout) \(check.stderr)")
        // `copy --from-repo` takes the same locations: the S3 repository copied into a local one.
        let local = try CLIRunner(password: "local password")
        defer { local.cleanUp() }
        #expect(try await local.initRepository().status == 0)
        let copyEnv = local.environment([
            "AEROVAULT_FROM_REPOSITORY": env["AEROVAULT_REPOSITORY"] ?? "", "AEROVAULT_FROM_PASSWORD_FILE": cli.passwordFile,
        ]).merging(MotoServer.credentials) { $1 }
        let copied = try await local.run(["copy"], env: copyEnv)
        #expect(copied.status == 0, "\(copied.stderr)")
        let localCheck = try await local.run(["check", "--read-data"])
        #expect(localCheck.status == 0, "\(localCheck.stderr)")
        // The repository really is in the bucket: a second init there is refused.
        let again = try await cli.run(["init", "--kdf-memory-mib", "1", "--kdf-ops", "1"], env: env)
        #expect(again.status == 1, "\(again.stderr)")
        #expect(again.stderr.contains("already exists"), "\(again.stderr)")
    }

    /// Without credentials, or with a malformed location, `init` fails (exit 1) saying what to fix,
    /// before any request and without creating a local directory.
    @Test func missingCredentialsAndBadLocationsAreRefused() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        var env = cli.environment().filter { !$0.key.hasPrefix("AWS_") }
        env["HOME"] = cli.scratch
        let cases = [
            ("s3:http://127.0.0.1:9/bucket", "no S3 credentials"),
            ("s3:http://127.0.0.1:9", "names no bucket"),
            ("s3:ftp://127.0.0.1/bucket", "scheme other than http or https"),
        ]
        for (location, message) in cases {
            env["AEROVAULT_REPOSITORY"] = location
            let result = try await cli.run(["init", "--kdf-memory-mib", "1", "--kdf-ops", "1"], env: env)
            #expect(result.status == 1, "\(location): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(location): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/s3:http:"))
    }

    @Test func backupRestoreVerifyAndCheckOnS3() async throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        try await roundTrip(through: moto.endpoint, records: 500)
    }

    @Test func roundTripIsIdenticalThroughInjectedFaults() async throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        let proxy = try await FaultProxy(
            upstream: moto.endpoint, shares: [.slowDown: 0.06, .internalError: 0.04, .resetBefore: 0.04, .resetAfter: 0.04])
        try await roundTrip(through: proxy.endpoint, records: 1500)
        let injected = proxy.injected
        await proxy.stop()
        for fault in FaultProxy.Fault.allCases { #expect((injected[fault] ?? 0) > 0, "\(fault): \(injected)") }
    }

    /// A writer killed while its packs are going up leaves a repository that opens, checks clean
    /// (`check --read-data`) and takes the next writer.
    @Test func sigkilledWriterLeavesACleanRepository() async throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        // A proxy without faults, only to count the requests that reached the server.
        let counter = try await FaultProxy(upstream: moto.endpoint, shares: [:])
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let env = environment(cli, endpoint: counter.endpoint)
        let initialized = try await cli.run(["init", "--kdf-memory-mib", "1", "--kdf-ops", "1", "--pack-size-kib", "32"], env: env)
        #expect(initialized.status == 0, "\(initialized.stderr)")
        for (round, requests) in [20, 80].enumerated() {
            let before = counter.passed
            let writer = try cli.start(
                ["debug", "write-chunks", "--count", "6000", "--seed", "\(round * 1000)", "--size", "1500"], env: env)
            let reached = await writer.kill(when: { counter.passed >= before + requests })
            #expect(reached, "round \(round): the writer ended before \(requests) requests")
            #expect(await writer.finish().termination == .signalled(SIGKILL))
            let check = try await cli.run(["check", "--read-data"], env: env)
            #expect(check.status == 0, "round \(round): \(check.stdout) \(check.stderr)")
        }
        let finish = try await cli.run(["debug", "write-chunks", "--count", "500", "--seed", "0", "--size", "1500"], env: env)
        #expect(finish.status == 0, "\(finish.stderr)")
        let read = try await cli.run(["debug", "read-chunks", "--count", "500", "--seed", "0", "--size", "1500", "--json"], env: env)
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.stdout.contains("\"missing\":0"), "\(read.stdout)")
        await counter.stop()
    }
}
