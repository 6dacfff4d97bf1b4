import Foundation
import Testing

/// Progress output by destination (SPEC.md §14 "backup", Output).
@Suite(.serialized) struct ProgressOutputTests {
    /// Without a terminal and without `--json`, progress is plain text lines (it used to be JSON);
    /// `--json` keeps JSON lines; the bar shows a percentage and an ETA.
    @Test func progressIsPlainTextJSONOrABarWithPercentAndETA() async throws {
        let cli = try CLIRunner()
        let sim = try SimProcess(records: 300, namespaces: [])
        defer {
            sim.stop()
            cli.cleanUp()
        }
        #expect(try await cli.initRepository().status == 0)
        let host = "127.0.0.1:\(sim.port)"

        let plain = try await cli.run(["backup", "--host", host, "--namespace", "test"])
        #expect(plain.status == 0, "\(plain.stderr)")
        let lines = plain.stderr.split(separator: "\n")
        #expect(!lines.isEmpty)
        #expect(!lines.contains { $0.hasPrefix("{") }, "\(plain.stderr)")
        #expect(lines.last?.hasPrefix("progress: 4096/4096 partitions (100.0%), ") == true, "\(plain.stderr)")

        let json = try await cli.run(["backup", "--host", host, "--namespace", "test", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stderr.contains("\"message_type\":\"status\""), "\(json.stderr)")

        let bar = try await cli.run(
            ["backup", "--host", host, "--namespace", "test", "--full"], env: cli.environment(["AEROVAULT_PROGRESS": "bar"]))
        #expect(bar.status == 0, "\(bar.stderr)")
        #expect(bar.stderr.contains("] 100.0% 4096/4096 partitions"), "\(bar.stderr)")
        #expect(bar.stderr.contains("ETA "), "\(bar.stderr)")
    }
}
