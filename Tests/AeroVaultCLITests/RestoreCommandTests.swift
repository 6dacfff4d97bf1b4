import AeroVaultTestSupport
import Foundation
import ProcessSupport
import Testing

/// A running `aerovault-sim` process (built next to `aerovault`), stopped by ``stop()``.
final class SimProcess {
    let child: ChildProcess
    let port: Int
    private let output: TemporaryFile

    /// Starts 3 nodes on free ports with `records` seeded into `test`, plus the extra namespaces and options.
    init(records: Int, namespaces: [String], options: [String] = []) throws {
        let binary = BuiltProduct.path("aerovault-sim")
        let arguments = ["--nodes", "3", "--port", "0", "--records", "\(records)", "--namespace", "test"]
            + namespaces.flatMap { ["--namespace", $0] } + options
        output = try TemporaryFile(prefix: "aerovault-sim-out")
        child = try ChildProcess.spawn(
            binary, arguments, environment: ProcessInfo.processInfo.environment, stdout: .file(output.path),
            stderr: .null)
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while !text.contains("ready ports="), Date() < deadline, child.isRunning {
            usleep(10_000)
            text = output.text()
        }
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("ready ports=") }),
            let first = line.dropFirst("ready ports=".count).split(separator: ",").first, let port = Int(first)
        else {
            _ = child.signal(SIGKILL)
            _ = child.wait()
            output.remove()
            throw CocoaError(.fileReadUnknown)
        }
        self.port = port
    }

    /// SIGTERM, then at most 30 s for the nodes to stop; returns how it ended and what it printed.
    @discardableResult
    func stop() -> (ChildProcess.Termination, String) {
        child.signal(SIGTERM)
        let termination = child.wait(orKillAfter: 30)
        defer { output.remove() }
        return (termination, output.text())
    }
}

/// End-to-end `aerovault restore` / `verify` against a simulator process (SPEC.md §14).
@Suite(.serialized) struct RestoreCommandTests {
    func prepare(records: Int) async throws -> (CLIRunner, SimProcess, String) {
        let cli = try CLIRunner()
        let sim = try SimProcess(records: records, namespaces: ["copy", "empty"])
        let host = "127.0.0.1:\(sim.port)"
        let initialized = try await cli.run(["init", "--kdf-memory-mib", "1", "--kdf-ops", "1"])
        #expect(initialized.status == 0, "\(initialized.stderr)")
        let backup = try await cli.run(["backup", "--host", host, "--namespace", "test", "--quiet"])
        #expect(backup.status == 0, "\(backup.stderr)")
        return (cli, sim, host)
    }

    @Test func restoreThenVerifyExitZeroAndVerifyOfAnEmptyNamespaceExitsOne() async throws {
        let (cli, sim, host) = try await prepare(records: 300)
        defer {
            sim.stop()
            cli.cleanUp()
        }
        // A dry run reads everything without a cluster: no --host, and nothing is written.
        let dry = try await cli.run(["restore", "latest", "--namespace", "test", "--target-namespace", "copy", "--dry-run"])
        #expect(dry.status == 0, "\(dry.stdout) \(dry.stderr)")
        #expect(dry.stdout.contains("300 would restore (dry run)"), "\(dry.stdout)")
        #expect(dry.stdout.contains("4096 restored, 0 failed"), "\(dry.stdout)")
        let checked = try await cli.run(
            ["restore", "latest", "--host", host, "--namespace", "test", "--target-namespace", "nope", "--dry-run", "--check-cluster"])
        #expect(checked.status == 1, "\(checked.stdout) \(checked.stderr)")
        #expect(checked.stderr.contains("no namespace 'nope'"), "\(checked.stderr)")

        let restored = try await cli.run(["restore", "latest", "--host", host, "--namespace", "test", "--target-namespace", "copy"])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(restored.stdout.contains("300 restored, 0 skipped"), "\(restored.stdout)")
        #expect(restored.stdout.contains("pipeline:   reading"), "\(restored.stdout)")
        #expect(restored.stdout.contains("4096 restored, 0 failed"), "\(restored.stdout)")

        let verified = try await cli.run(["verify", "latest", "--host", host, "--namespace", "test", "--target-namespace", "copy"])
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
        #expect(verified.stdout.contains("IDENTICAL"))

        let json = try await cli.run(["verify", "latest", "--host", host, "--namespace", "test", "--target-namespace", "empty", "--json"])
        #expect(json.status == 1)
        let summary = try #require(json.stdout.split(separator: "\n").last)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(summary.utf8)) as? [String: Any])
        #expect(object["message_type"] as? String == "summary")
        #expect((object["tally"] as? [String: Any])?["missing"] as? Int == 300)
        #expect(json.stderr.contains("exit_error"))
    }

    @Test func tamperedPackFailsWithItsNameAndThePartitionsNotRestored() async throws {
        let (cli, sim, host) = try await prepare(records: 300)
        defer {
            sim.stop()
            cli.cleanUp()
        }
        // Flip one byte near the start of every pack (inside a sealed chunk): which chunks a pack holds
        // first depends on how the parallel writers interleaved, so damage them all; the restore must
        // read at least one damaged chunk (partition tables and layers live in these packs).
        let data = cli.repo + "/data"
        var packNames: [String] = []
        for sub in try FileManager.default.contentsOfDirectory(atPath: data) {
            for name in try FileManager.default.contentsOfDirectory(atPath: data + "/" + sub) {
                let path = data + "/" + sub + "/" + name
                var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
                bytes[100] ^= 0x01
                try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
                try Data(bytes).write(to: URL(fileURLWithPath: path))
                packNames.append(name)
            }
        }
        #expect(!packNames.isEmpty)

        let restored = try await cli.run(["restore", "latest", "--host", host, "--namespace", "test", "--target-namespace", "copy"])
        #expect(restored.status == 1, "\(restored.stdout) \(restored.stderr)")
        let all = restored.stdout + restored.stderr
        #expect(packNames.contains { all.contains($0) }, "\(all)")
        if restored.stdout.contains("FAILED partition") {
            #expect(restored.stdout.contains("not restored: partitions"), "\(restored.stdout)")
            #expect(restored.stdout.contains("restored:     partitions"), "\(restored.stdout)")
        }
    }

    @Test func badFlagsAreRejected() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let both = try await cli.run(["restore", "latest", "--host", "127.0.0.1:1", "--namespace", "t", "--unique", "--replace"])
        #expect(both.status != 0)
        #expect(both.stderr.contains("--unique"))
        let ttl = try await cli.run(["restore", "latest", "--host", "127.0.0.1:1", "--namespace", "t", "--ttl", "forever"])
        #expect(ttl.status != 0)
        let check = try await cli.run(["restore", "latest", "--namespace", "t", "--check-cluster"])
        #expect(check.status != 0)
        #expect(check.stderr.contains("--check-cluster"), "\(check.stderr)")
        let batches = try await cli.run(["restore", "latest", "--host", "127.0.0.1:1", "--namespace", "t", "--max-async-batches", "0"])
        #expect(batches.status != 0)
    }
}
