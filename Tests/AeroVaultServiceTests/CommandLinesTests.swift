import Foundation
import Testing

@testable import AeroVaultService

/// The command lines jobs run (SPEC.md §19 "Jobs") and the state file (SPEC.md §19 "State file").
@Suite struct CommandLinesTests {
    static let config = try! ConfigParser.parse(
        """
        repositories: {local: {url: /srv/vault, password-file: /etc/pw}}
        clusters:
          prod: {hosts: ["10.0.0.1:3000", "10.0.0.2"], user: backup, password-env: AS_PW, tls: {cafile: /ca.pem, name: tn}}
        policies:
          nightly: {cluster: prod, namespace: test, sets: [users], repository: local, schedule: "0 2 * * *", keep: {last: 3, weekly: 4}}
        """, file: "c.yaml")

    let commands = CommandLines(config: Self.config)

    @Test func backupAndForgetTakeSecretsByFileAndVariableOnly() {
        let policy = Self.config.policies["nightly"]!
        #expect(
            commands.backup(policy, full: true) == [
                "backup", "--repo", "/srv/vault", "--password-file", "/etc/pw", "--host", "10.0.0.1:3000", "--host", "10.0.0.2",
                "--user", "backup", "--password-env", "AS_PW", "--tls-enable", "--tls-cafile", "/ca.pem", "--tls-name", "tn",
                "--namespace", "test", "--tag", "aerovault-serve:nightly", "--json", "--set", "users", "--full",
            ])
        #expect(!commands.backup(policy, full: false).contains("--full"))
        #expect(
            commands.forget(policy, keep: policy.keep!) == [
                "forget", "--repo", "/srv/vault", "--password-file", "/etc/pw", "--tag", "aerovault-serve:nightly",
                "--keep-last", "3", "--keep-weekly", "4", "--prune", "--json",
            ])
    }

    @Test func restoreFlags() throws {
        let request = Job.RestoreRequest(
            repository: "local", snapshot: "abcd1234", cluster: "prod", namespace: "test", targetNamespace: "copy",
            options: .init(replace: true, unique: nil, noGeneration: true))
        let arguments = try #require(commands.restore(request))
        #expect(arguments.prefix(2) == ["restore", "abcd1234"])
        #expect(arguments.suffix(7) == ["--namespace", "test", "--json", "--target-namespace", "copy", "--replace", "--no-generation"])
        #expect(RestoreValidation.problem(request, config: Self.config) == nil)
        var flag = request
        flag.snapshot = "--dry-run"
        #expect(RestoreValidation.problem(flag, config: Self.config)?.contains("snapshot") == true)
        flag = request
        flag.targetNamespace = "-x"
        #expect(RestoreValidation.problem(flag, config: Self.config)?.contains("namespace") == true)
        flag = request
        flag.cluster = "nope"
        #expect(RestoreValidation.problem(flag, config: Self.config) == "no cluster named 'nope'")
    }

    @Test func stateFileRoundTripsAndRefusesAnotherVersion() throws {
        let directory = NSTemporaryDirectory() + "serve-state-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = StateStore(directory: directory)
        #expect(try store.load() == ServiceState())
        var state = ServiceState()
        state.jobs = [Job(id: "1-1", kind: .backup, policy: "nightly", repository: "local", state: .queued, createdAt: 1)]
        state.policies["nightly"] = .init(handledThrough: 5, lastSuccess: 4, failures: 2)
        state.record(.init(time: 3, bytes: 100, snapshots: 1), repository: "local")
        try store.save(state)
        #expect(try store.load() == state)
        #expect(!FileManager.default.fileExists(atPath: store.path + ".tmp"))
        let text = try String(contentsOfFile: store.path, encoding: .utf8)
        #expect(text.contains(#""handled_through":5"#) && text.hasPrefix("{") && text.contains(#""version":1"#))
        try text.replacingOccurrences(of: #""version":1"#, with: #""version":2"#).write(
            toFile: store.path, atomically: true, encoding: .utf8)
        #expect(throws: StateError.self) { try store.load() }
    }
}
