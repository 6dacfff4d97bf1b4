import Foundation
import Testing

/// Cluster failures as the operator sees them: message and exit status (SPEC.md §14 "Cluster
/// connection flags", "restore").
@Suite(.serialized) struct ClusterErrorCommandTests {
    @Test func loginRequiredAndRoleViolationAreEachOneClearErrorWithExitOne() async throws {
        let cli = try CLIRunner()
        let sim = try SimProcess(
            records: 300, namespaces: ["copy"], options: ["--users", "admin:secret", "--users", "reader:pw:read"])
        defer {
            sim.stop()
            cli.cleanUp()
        }
        #expect(try await cli.initRepository().status == 0)
        let host = "127.0.0.1:\(sim.port)"

        let anonymous = try await cli.run(["backup", "-h", host, "-n", "test"])
        #expect(anonymous.status == 1, "\(anonymous.stderr)")
        #expect(anonymous.stderr.contains("requires a login"), "\(anonymous.stderr)")
        #expect(!anonymous.stderr.contains("gave no node id"), "\(anonymous.stderr)")

        let admin = cli.environment(["AEROVAULT_CLUSTER_PASSWORD": "secret"])
        let backup = try await cli.run(["backup", "-h", host, "-n", "test", "-U", "admin", "--quiet"], env: admin)
        #expect(backup.status == 0, "\(backup.stderr)")

        let reader = cli.environment(["AEROVAULT_CLUSTER_PASSWORD": "pw"])
        for extra in [[], ["--ignore-record-error"]] {
            let restore = try await cli.run(
                ["restore", "latest", "-h", host, "-n", "test", "-U", "reader", "--target-namespace", "copy",
                 "--no-indexes", "--no-udfs"] + extra, env: reader)
            #expect(restore.status == 1, "\(extra): \(restore.stdout) \(restore.stderr)")
            #expect(!restore.stdout.contains("partitions:"), "\(restore.stdout)")
            let mentions = restore.stderr.components(separatedBy: "ROLE_VIOLATION").count - 1
            #expect(mentions == 1, "\(restore.stderr)")
        }
    }
}
