import Foundation
import Testing

/// `aerovault dump` (SPEC.md §14 "dump"): one record of a backed-up simulator namespace, found by set
/// and user key as the cluster computes its digest, printed as JSON.
@Suite struct DumpCommandTests {
    func object(_ result: CLIRunner.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test func recordsAreFoundBySetAndKeyOrDigestAndMissingOnesFail() async throws {
        let cli = try CLIRunner()
        let sim = try SimProcess(records: 200, namespaces: [])
        defer {
            sim.stop()
            cli.cleanUp()
        }
        #expect(try await cli.initRepository().status == 0)
        let backup = try await cli.run(["backup", "--host", "127.0.0.1:\(sim.port)", "--namespace", "test", "--quiet"])
        #expect(backup.status == 0, "\(backup.stderr)")

        // The simulator's record 3 is in set `users` with string key `key-3` (SPEC.md §13 "Seeding").
        let byString = try await cli.run(["dump", "latest", "--set", "users", "--key", "key-3"])
        #expect(byString.status == 0, "\(byString.stderr)")
        let record = try object(byString)
        #expect(record["namespace"] as? String == "test")
        #expect(record["set"] as? String == "users")
        let bins = try #require(record["bins"] as? [String: Any])
        #expect(bins["id"] as? Int == 3)
        #expect(bins["name"] is String && bins["score"] is Double && bins["active"] is Bool)
        let payload = try #require((bins["payload"] as? [String: Any])?["blob"] as? String)
        #expect((Data(base64Encoded: payload)?.count ?? 0) >= 200)
        if let attrs = bins["attrs"] { #expect(attrs is [String: Any]) }
        if let tags = bins["tags"] { #expect(tags is [Any]) }

        // Record 9 has no set (string key `key-9`); the digest names the same record.
        let noSet = try await cli.run(["dump", "latest", "--key", "key-9"])
        #expect(noSet.status == 0, "\(noSet.stderr)")
        let nine = try object(noSet)
        #expect(nine["set"] is NSNull)
        #expect((nine["bins"] as? [String: Any])?["id"] as? Int == 9)
        let digest = try #require(nine["digest"] as? String)
        let byDigest = try await cli.run(["dump", "latest", "--digest", digest])
        #expect(byDigest.status == 0 && byDigest.stdout == noSet.stdout, "\(byDigest.stderr)")

        // Record 0 has the integer key 0; the string key "0" is another record, not in the snapshot.
        let integer = try await cli.run(["dump", "latest", "--set", "users", "--key", "0", "--key-type", "integer"])
        #expect(integer.status == 0, "\(integer.stderr)")
        #expect((try object(integer)["bins"] as? [String: Any])?["id"] as? Int == 0)
        let wrongType = try await cli.run(["dump", "latest", "--set", "users", "--key", "0"])
        #expect(wrongType.status == 1)
        #expect(wrongType.stderr.contains("holds no record with string key '0' in set 'users'"), "\(wrongType.stderr)")
        let usage = try await cli.run(["dump", "latest", "--key", "x", "--digest", digest])
        #expect(usage.status == 64, "\(usage.stderr)")
        let badInteger = try await cli.run(["dump", "latest", "--key", "x", "--key-type", "integer"])
        #expect(badInteger.status == 64 && badInteger.stderr.contains("not a 64-bit integer"), "\(badInteger.stderr)")
    }
}
