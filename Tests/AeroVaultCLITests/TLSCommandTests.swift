import Foundation
import Testing

/// End-to-end `backup` → `restore` → `verify` over mutual TLS with login, against a TLS simulator process,
/// and the CLI's TLS errors (SPEC.md §14 "Cluster connection flags").
@Suite(.serialized) struct TLSCommandTests {
    /// The committed test certificates (`Tests/AerospikeWireTests/Fixtures/tls`).
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("AerospikeWireTests/Fixtures/tls/\(name)").path
    }

    static let simOptions = [
        "--tls-certfile", fixture("server.pem"), "--tls-keyfile", fixture("server.key"), "--tls-name", "aerovault-sim",
        "--tls-cafile", fixture("ca.pem"), "--users", "admin:secret",
    ]

    /// Client TLS flags: trust the test CA, present the client certificate.
    static let tlsFlags = [
        "--tls-enable", "--tls-cafile", fixture("ca.pem"), "--tls-certfile", fixture("client.pem"),
        "--tls-keyfile", fixture("client.key"), "--user", "admin",
    ]

    @Test func backupRestoreVerifyOverMutualTLSWithLogin() async throws {
        let cli = try CLIRunner()
        let sim = try SimProcess(records: 200, namespaces: ["copy"], options: Self.simOptions)
        defer {
            sim.stop()
            cli.cleanUp()
        }
        let env = cli.environment(["AEROVAULT_CLUSTER_PASSWORD": "secret"])
        // asbackup's host:tlsname:port seed form.
        let host = "127.0.0.1:aerovault-sim:\(sim.port)"
        #expect(try await cli.initRepository().status == 0)
        let backup = try await cli.run(["backup", "--host", host, "--namespace", "test", "--quiet"] + Self.tlsFlags, env: env)
        #expect(backup.status == 0, "\(backup.stderr)")
        let restored = try await cli.run(
            ["restore", "latest", "--host", host, "--namespace", "test", "--target-namespace", "copy"] + Self.tlsFlags, env: env)
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(restored.stdout.contains("200 restored"), "\(restored.stdout)")
        // --tls-name instead of the host:tlsname:port form.
        let verified = try await cli.run(
            ["verify", "latest", "--host", "127.0.0.1:\(sim.port)", "--tls-name", "aerovault-sim", "--namespace", "test",
             "--target-namespace", "copy"] + Self.tlsFlags, env: env)
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
        #expect(verified.stdout.contains("IDENTICAL"))
    }

    @Test func tlsMistakesExitOneWithTheCause() async throws {
        let cli = try CLIRunner()
        let sim = try SimProcess(records: 0, namespaces: [], options: Self.simOptions)
        defer {
            sim.stop()
            cli.cleanUp()
        }
        let env = cli.environment(["AEROVAULT_CLUSTER_PASSWORD": "secret"])
        #expect(try await cli.initRepository().status == 0)
        let host = "127.0.0.1:aerovault-sim:\(sim.port)"
        func backup(_ flags: [String], host: String = host) async throws -> CLIRunner.Result {
            try await cli.run(["backup", "--host", host, "--namespace", "test", "--quiet", "--user", "admin"] + flags, env: env)
        }
        let client = ["--tls-certfile", Self.fixture("client.pem"), "--tls-keyfile", Self.fixture("client.key")]

        let untrusted = try await backup(["--tls-enable", "--tls-cafile", Self.fixture("other-ca.pem")] + client)
        #expect(untrusted.status == 1)
        #expect(untrusted.stderr.contains("not trusted"), "\(untrusted.stderr)")

        let noClientCertificate = try await backup(["--tls-enable", "--tls-cafile", Self.fixture("ca.pem")])
        #expect(noClientCertificate.status == 1)
        #expect(noClientCertificate.stderr.contains("requires a client certificate"), "\(noClientCertificate.stderr)")

        let plaintext = try await backup([], host: "127.0.0.1:\(sim.port)")
        #expect(plaintext.status == 1)
        #expect(plaintext.stderr.contains("serves TLS"), "\(plaintext.stderr)")

        let encrypted = try await backup(
            ["--tls-enable", "--tls-cafile", Self.fixture("ca.pem"), "--tls-certfile", Self.fixture("client.pem"),
             "--tls-keyfile", Self.fixture("client-encrypted.key")])
        #expect(encrypted.status == 1)
        #expect(encrypted.stderr.contains("is encrypted"), "\(encrypted.stderr)")

        let missingEnable = try await backup(["--tls-cafile", Self.fixture("ca.pem")])
        #expect(missingEnable.status != 0)
        #expect(missingEnable.stderr.contains("--tls-cafile needs --tls-enable"), "\(missingEnable.stderr)")
    }
}
