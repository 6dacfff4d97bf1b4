import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ProcessSupport
import Testing

/// `aerovault serve` as a real process with a simulator (SPEC.md §19): the API through a real
/// HTTP client, a backup triggered over HTTP, `/metrics` parsed as Prometheus text, the status page,
/// a restore, and SIGTERM ending it with 0.
@Suite(.serialized) struct ServeCommandTests {
    static let token = "test-token-0123456789"

    /// A `serve` process on a free port, with a repository, a simulator and one policy.
    final class Served {
        let cli: CLIRunner
        let sim: SimProcess
        let arguments: [String]
        let stateDirectory: String
        private(set) var running: CLIRunner.Running
        private(set) var port: Int

        init(records: Int) async throws {
            cli = try CLIRunner()
            sim = try SimProcess(records: records, namespaces: ["copy"])
            let initialized = try await cli.initRepository()
            #expect(initialized.status == 0, "\(initialized.stderr)")
            let config = try cli.file(
                "serve.yaml",
                """
                repositories:
                  local: {url: \(cli.repo), password-file: \(cli.passwordFile)}
                clusters:
                  sim: {hosts: ["127.0.0.1:\(sim.port)"]}
                policies:
                  nightly:
                    cluster: sim
                    namespace: test
                    repository: local
                    schedule: "0 2 * * *"
                    keep: {last: 2}
                """)
            let tokenFile = try cli.file("token", ServeCommandTests.token + "\n")
            stateDirectory = cli.scratch + "/state"
            arguments = [
                "serve", "--config", config, "--listen", "127.0.0.1:0", "--token-file", tokenFile, "--state-dir",
                stateDirectory,
            ]
            do {
                (running, port) = try await Self.start(cli, arguments)
            } catch {
                sim.stop()
                throw error
            }
        }

        /// Starts `serve` and waits (bounded) for its `listening` log line.
        static func start(_ cli: CLIRunner, _ arguments: [String]) async throws -> (CLIRunner.Running, Int) {
            let started = try cli.start(arguments)
            await started.waitWhileRunning(until: { listeningPort(in: started.stderrFile.text()) != nil }, timeout: 60)
            guard let found = listeningPort(in: started.stderrFile.text()) else {
                let ended = await started.finish(killAfter: 5)
                Issue.record("serve did not start: \(ended.stderr)")
                throw CocoaError(.fileReadUnknown)
            }
            return (started, found)
        }

        /// The port of the JSON log line `{"message":"listening","address":"127.0.0.1:PORT",…}`.
        static func listeningPort(in log: String) -> Int? {
            for line in log.split(separator: "\n") {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                    object["message"] as? String == "listening", let address = object["address"] as? String,
                    let port = address.split(separator: ":").last.flatMap({ Int($0) }), port > 0
                else { continue }
                return port
            }
            return nil
        }

        /// SIGTERM to `serve`; returns how it ended and its log. The simulator keeps running.
        func stop() async -> CLIRunner.Result {
            running.child.signal(SIGTERM)
            return await running.finish(killAfter: 60)
        }

        /// The same `serve` again (same configuration and state directory).
        func restart() async throws { (running, port) = try await Self.start(cli, arguments) }

        /// Ends `serve` if it still runs (SIGKILL: a test that failed early), then the simulator, and removes
        /// the scratch directory. For `defer`, which cannot wait.
        func cleanUp() {
            running.abandon()
            sim.stop()
            cli.cleanUp()
        }

        func request(_ method: HTTPMethod, _ path: String, token: String? = ServeCommandTests.token, body: String? = nil)
            async throws -> (status: Int, body: String, contentType: String)
        {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
            request.method = method
            if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
            if let body {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(string: body))
            }
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            let bytes = try await response.body.collect(upTo: 4 << 20)
            return (Int(response.status.code), String(buffer: bytes), response.headers.first(name: "Content-Type") ?? "")
        }

        func json(_ method: HTTPMethod, _ path: String, body: String? = nil) async throws -> (Int, [String: Any]) {
            let (status, text, _) = try await request(method, path, body: body)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
            return (status, object)
        }

        /// Polls the job until it has finished (at most `timeout` seconds); returns its last state.
        func waitForJob(_ id: String, timeout: Double = 120) async throws -> [String: Any] {
            let deadline = Date().addingTimeInterval(timeout)
            while true {
                let (status, job) = try await json(.GET, "/v1/jobs/\(id)")
                #expect(status == 200)
                let state = job["state"] as? String
                if state == "succeeded" || state == "failed" || Date() > deadline { return job }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    @Test func backupOverHTTPThenMetricsStatusPageRestoreAndSIGTERM() async throws {
        let served = try await Served(records: 60)
        defer { served.cleanUp() }

        // No token, or a wrong one: 401 with a JSON error. /healthz needs none.
        let anonymous = try await served.request(.GET, "/v1/policies", token: nil)
        #expect(anonymous.status == 401)
        #expect(anonymous.body.contains("\"error\""))
        #expect(try await served.request(.GET, "/v1/jobs/1", token: "wrong-token-0123456789").status == 401)
        #expect(try await served.request(.GET, "/healthz", token: nil).status == 200)
        #expect(try await served.request(.GET, "/nowhere").status == 404)

        let policies = try await served.request(.GET, "/v1/policies")
        #expect(policies.status == 200)
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(policies.body.utf8)) as? [[String: Any]])
        #expect(listed.map { $0["name"] as? String } == ["nightly"])
        #expect((listed.first?["next_run"] as? Int) != nil)

        // A backup triggered over HTTP runs to the end; the snapshot is listed.
        let (accepted, queued) = try await served.json(.POST, "/v1/policies/nightly/backup")
        #expect(accepted == 202)
        let id = try #require(queued["job"] as? String)
        #expect(try await served.request(.POST, "/v1/policies/nope/backup").status == 404)
        let job = try await served.waitForJob(id)
        #expect(job["state"] as? String == "succeeded", "\(job)")
        #expect(job["records"] as? Int == 60)
        let snapshot = try #require(job["snapshot"] as? String)
        let (listedStatus, snapshots) = try await served.json(.GET, "/v1/snapshots?repository=local")
        #expect(listedStatus == 200)
        #expect((snapshots["snapshots"] as? [[String: Any]])?.map { $0["id"] as? String } == [snapshot])
        #expect(try await served.request(.GET, "/v1/snapshots?repository=other").status == 404)
        #expect(try await served.request(.GET, "/v1/snapshots").status == 400)

        // Metrics: strict Prometheus text with every family and the backup's values.
        let metrics = try await served.request(.GET, "/metrics", token: nil)
        #expect(metrics.contentType.hasPrefix("text/plain"))
        let samples = try PrometheusText.parse(metrics.body)
        #expect(samples["aerovault_jobs", ["state": "succeeded"]] == 1)
        #expect(samples["aerovault_jobs", ["state": "failed"]] == 0)
        #expect(samples["aerovault_policy_last_records", ["policy": "nightly"]] == 60)
        #expect(samples["aerovault_policy_failures_total", ["policy": "nightly"]] == 0)
        #expect((samples["aerovault_policy_bytes_added_total", ["policy": "nightly"]] ?? 0) > 0)
        #expect((samples["aerovault_policy_last_duration_seconds", ["policy": "nightly"]] ?? -1) >= 0)
        let success = try #require(samples["aerovault_policy_last_success_timestamp_seconds", ["policy": "nightly"]])
        #expect(abs(success - Date().timeIntervalSince1970) < 600)
        #expect((samples["aerovault_repository_size_bytes", ["repository": "local"]] ?? 0) > 0)
        #expect(samples["aerovault_repository_snapshots", ["repository": "local"]] == 1)

        // The status page names the policy and charts the repository.
        let page = try await served.request(.GET, "/", token: nil)
        #expect(page.status == 200)
        #expect(page.contentType.hasPrefix("text/html"))
        #expect(page.body.contains("<td>nightly</td>"))
        #expect(page.body.contains("<svg") && page.body.contains("<polyline"))
        #expect(!page.body.contains("<script"))
        #expect(try await served.request(.GET, "/openapi.yaml", token: nil).body.hasPrefix("openapi: 3"))

        // A restore over HTTP into another namespace; a bad body is a 400.
        let bad = try await served.request(.POST, "/v1/restores", body: #"{"snapshot": 5}"#)
        #expect(bad.status == 400, "\(bad.body)")
        let flag = try await served.request(
            .POST, "/v1/restores",
            body: #"{"repository":"local","cluster":"sim","namespace":"test","snapshot":"--dry-run"}"#)
        #expect(flag.status == 400)
        let (restoreStatus, restore) = try await served.json(
            .POST, "/v1/restores",
            body: #"{"repository":"local","cluster":"sim","namespace":"test","target_namespace":"copy","snapshot":"latest"}"#)
        #expect(restoreStatus == 202)
        let restored = try await served.waitForJob(try #require(restore["job"] as? String))
        #expect(restored["state"] as? String == "succeeded", "\(restored)")
        #expect(restored["records"] as? Int == 60)

        let ended = await served.stop()
        #expect(ended.termination == .exited(0), "\(ended.stderr)")
        #expect(ended.stderr.contains("\"message\":\"stopped\""))
        #expect(!ended.stderr.contains(try String(contentsOfFile: served.cli.passwordFile, encoding: .utf8).trimmingCharacters(in: .newlines)))
        let state = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: served.stateDirectory + "/state.json")))
                as? [String: Any])
        #expect(state["version"] as? Int == 1)
        #expect((state["jobs"] as? [Any])?.count == 2)
    }

    /// A job the state file shows running (the service died during it, or was stopped) runs again at start.
    @Test func aRestartRunsAJobLeftRunningInTheStateFile() async throws {
        let served = try await Served(records: 40)
        defer { served.cleanUp() }
        let (_, queued) = try await served.json(.POST, "/v1/policies/nightly/backup")
        let first = try await served.waitForJob(try #require(queued["job"] as? String))
        #expect(first["state"] as? String == "succeeded", "\(first)")
        #expect(await served.stop().termination == .exited(0))

        // As a crash during a second backup would leave it.
        let path = served.stateDirectory + "/state.json"
        var state = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        state["jobs"] = (state["jobs"] as? [Any] ?? []) + [
            ["id": "left-running", "kind": "backup", "policy": "nightly", "repository": "local", "state": "running", "created_at": 1]
        ]
        try JSONSerialization.data(withJSONObject: state).write(to: URL(fileURLWithPath: path))

        try await served.restart()
        let again = try await served.waitForJob("left-running")
        #expect(again["state"] as? String == "succeeded", "\(again)")
        #expect(again["resumed"] as? Int == 1)
        let (_, snapshots) = try await served.json(.GET, "/v1/snapshots?repository=local")
        #expect((snapshots["snapshots"] as? [Any])?.count == 2)
    }

    @Test func aBadConfigIsRefusedWithFileLineAndReason() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let config = try cli.file("bad.yaml", "repositories: {}\nclusters: {}\npolicies:\n  p: {cluster: x}\n")
        let result = try await cli.run(["serve", "--config", config, "--state-dir", cli.scratch + "/state", "--listen", "127.0.0.1:0"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("bad.yaml:4: policies.p: missing field 'namespace'"), "\(result.stderr)")
    }
}
