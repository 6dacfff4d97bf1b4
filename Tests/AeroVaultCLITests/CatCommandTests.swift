import Foundation
import Testing

@Suite struct CatCommandTests {
    @Test func catConfigSnapshotIndexPack() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let env = try cli.copyGoldenRepository()
        let config = try await cli.run(["cat", "config"], env: env)
        #expect(config.status == 0, "\(config.stderr)")
        let configJSON = try #require(try JSONSerialization.jsonObject(with: Data(config.stdout.utf8)) as? [String: Any])
        #expect((configJSON["algorithms"] as? [String: Any])?["aead"] as? String == "xchacha20poly1305-secretstream")

        let snapshot = try await cli.run(["cat", "snapshot", "latest"], env: env)
        #expect(snapshot.status == 0, "\(snapshot.stderr)")
        let snapshotJSON = try #require(
            try JSONSerialization.jsonObject(with: Data(snapshot.stdout.utf8)) as? [String: Any])
        #expect(snapshotJSON["host"] as? String == "golden-host")
        #expect((snapshotJSON["partitionTable"] as? [Any])?.count == 16)

        let indexName = try #require(try FileManager.default.contentsOfDirectory(atPath: cli.repo + "/index").first)
        let index = try await cli.run(["cat", "index", String(indexName.prefix(10))], env: env)
        #expect(index.status == 0, "\(index.stderr)")
        let packs = try #require(
            (try JSONSerialization.jsonObject(with: Data(index.stdout.utf8)) as? [String: Any])?["packs"] as? [[String: Any]])
        let packID = try #require(packs.first?["id"] as? String)
        let pack = try await cli.run(["cat", "pack", packID], env: env)
        #expect(pack.status == 0, "\(pack.stderr)")
        #expect(pack.stdout.contains("plaintext_length"))

        let missing = try await cli.run(["cat", "snapshot", "ffff"], env: env)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no snapshot matches"))
    }

    @Test func damagedSnapshotFileIsNamed() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let env = try cli.copyGoldenRepository()
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: cli.repo + "/snapshots").first)
        let path = cli.repo + "/snapshots/" + name
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: path))
        let result = try await cli.run(["cat", "snapshot", name], env: env)
        #expect(result.status == 1)
        #expect(result.stderr.contains("snapshots/\(name)"))
    }
}
