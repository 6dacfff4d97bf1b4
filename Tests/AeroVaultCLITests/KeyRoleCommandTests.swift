import Foundation
import Testing

/// Key roles end to end (SPEC.md §3 "Roles", §14 "Roles"): back up with a backup key, read and verify
/// with a restore key, forget and prune with an admin key; every cross-role attempt exits 13 naming the
/// role it needs, before it touches the cluster or the repository.
@Suite struct KeyRoleCommandTests {
    /// A repository with an admin key (init) plus a backup and a restore key; the environments of each.
    struct Keys {
        var admin: [String: String]
        var backup: [String: String]
        var restore: [String: String]
    }

    static func addRoleKeys(_ cli: CLIRunner) async throws -> Keys {
        var env: [String: [String: String]] = [:]
        for role in ["backup", "restore"] {
            let file = try cli.file(role, "\(role) password\n")
            let add = try await cli.run(["key", "add", "--role", role, "--new-password-file", file, "--json"])
            #expect(add.status == 0, "\(add.stderr)")
            #expect((CLIRunner.json(add.stdout) as? [String: Any])?["role"] as? String == role)
            env[role] = cli.environment(["AEROVAULT_PASSWORD_FILE": file])
        }
        return Keys(admin: cli.environment(), backup: env["backup"]!, restore: env["restore"]!)
    }

    /// Exit 13, naming the command and the roles it needs, on stderr (and in the JSON error object).
    static func expectRefused(
        _ cli: CLIRunner, _ args: [String], env: [String: String], needs: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let result = try await cli.run(args, env: env)
        #expect(result.status == 13, "\(args): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains("needs a key with role \(needs)"), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains("`aerovault \(args[0])"), "\(result.stderr)", sourceLocation: sourceLocation)
        let json = try await cli.run(args + ["--json"], env: env)
        let object = CLIRunner.json(json.stderr) as? [String: Any]
        #expect(json.status == 13 && object?["code"] as? Int == 13, "\(json.stderr)", sourceLocation: sourceLocation)
    }

    static func snapshotCount(_ cli: CLIRunner) async throws -> Int? {
        (CLIRunner.json(try await cli.run(["snapshots", "--json"]).stdout) as? [Any])?.count
    }

    @Test func eachRoleDoesItsJobAndIsRefusedTheRest() async throws {
        let cli = try CLIRunner()
        let sim = try SimProcess(records: 120, namespaces: [])
        defer {
            sim.stop()
            cli.cleanUp()
        }
        #expect(try await cli.initRepository().status == 0)
        let keys = try await Self.addRoleKeys(cli)
        let host = "127.0.0.1:\(sim.port)"

        // key list shows every role; a backup key may not list keys.
        let list = try await cli.run(["key", "list", "--json"])
        let roles = (CLIRunner.json(list.stdout) as? [[String: Any]])?.compactMap { $0["role"] as? String }
        #expect(roles?.sorted() == ["admin", "backup", "restore"], "\(list.stdout)")
        let text = try await cli.run(["key", "list"], env: keys.restore)
        #expect(text.status == 0 && text.stdout.contains("Role") && text.stdout.contains("restore"), "\(text.stdout)")

        // backup key: backs up, twice (the second is incremental to the first, so it reads the parent).
        for _ in 0..<2 {
            let backup = try await cli.run(["backup", "--host", host, "--namespace", "test", "--quiet"], env: keys.backup)
            #expect(backup.status == 0, "\(backup.stderr)")
        }
        for args in [
            ["snapshots"], ["ls", "latest"], ["stats"], ["check"], ["cat", "config"], ["key", "list"],
            ["restore", "latest", "--host", host, "--namespace", "test"], ["verify", "latest", "--host", host, "--namespace", "test"],
            ["dump", "latest", "--key", "key-3", "--set", "users"], ["export", "latest", "--output-dir", cli.scratch + "/out"],
        ] {
            try await Self.expectRefused(cli, args, env: keys.backup, needs: "admin or restore")
        }
        for args in [["forget", "--keep-last", "1"], ["prune"], ["tag", "latest", "--add", "x"], ["unlock"],
                     ["key", "passwd", "--new-password-file", cli.passwordFile],
                     ["key", "add", "--new-password-file", cli.passwordFile], ["repair", "index"]] {
            try await Self.expectRefused(cli, args, env: keys.backup, needs: "admin")
        }

        // restore key: reads and verifies; writes nothing. Its backup is refused before the (unreachable)
        // cluster is even contacted.
        for args in [["snapshots"], ["ls", "latest"], ["stats"], ["check", "--read-data"], ["cat", "config"],
                     ["verify", "latest", "--host", host, "--namespace", "test"]] {
            let result = try await cli.run(args, env: keys.restore)
            #expect(result.status == 0, "\(args): \(result.stderr)")
        }
        try await Self.expectRefused(cli, ["backup", "--host", "127.0.0.1:1", "--namespace", "test"], env: keys.restore,
                               needs: "admin or backup")
        try await Self.expectRefused(cli, ["import", cli.scratch + "/none.asb", "--namespace", "test"], env: keys.restore,
                               needs: "admin or backup")
        for args in [["forget", "--keep-last", "1"], ["prune"], ["key", "add", "--new-password-file", cli.passwordFile]] {
            try await Self.expectRefused(cli, args, env: keys.restore, needs: "admin")
        }
        #expect(try await Self.snapshotCount(cli) == 2)
        #expect((CLIRunner.json(try await cli.run(["key", "list", "--json"]).stdout) as? [Any])?.count == 3)

        // Audit (SPEC.md §9): each snapshot names the key and role that wrote it; key list shows its last use.
        let backupKey = try #require(
            (CLIRunner.json(try await cli.run(["key", "list", "--json"]).stdout) as? [[String: Any]])?
                .first { $0["role"] as? String == "backup" })
        let audited = try #require(CLIRunner.json(try await cli.run(["snapshots", "--json"], env: keys.restore).stdout) as? [[String: Any]])
        #expect(audited.allSatisfy { $0["key_role"] as? String == "backup" && $0["key_id"] as? String == backupKey["id"] as? String })
        #expect(audited.allSatisfy { $0["username"] is String })
        #expect(backupKey["last_used"] is String)
        let table = try await cli.run(["snapshots"], env: keys.restore)
        #expect(table.stdout.contains("Written by") && table.stdout.contains("key \((backupKey["id"] as? String ?? "").prefix(8)) (backup)"),
                "\(table.stdout)")

        // admin key: forget and prune.
        #expect(try await cli.run(["forget", "--keep-last", "1"]).status == 0)
        let prune = try await cli.run(["prune"])
        #expect(prune.status == 0, "\(prune.stderr)")
        #expect(try await Self.snapshotCount(cli) == 1)
        #expect(try await cli.run(["check", "--read-data"], env: keys.restore).status == 0)
    }

    /// A repository made before roles: its version 1 key acts as admin.
    @Test func goldenV1KeyIsAdmin() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let env = try cli.copyGoldenRepository()
        let list = try await cli.run(["key", "list", "--json"], env: env)
        #expect((CLIRunner.json(list.stdout) as? [[String: Any]])?.first?["role"] as? String == "admin", "\(list.stderr)")
        let file = try cli.file("restore", "restore password\n")
        let add = try await cli.run(["key", "add", "--role", "restore", "--new-password-file", file], env: env)
        #expect(add.status == 0 && add.stdout.contains("added restore key"), "\(add.stderr)")
        let restoreEnv = cli.environment(["AEROVAULT_PASSWORD_FILE": file])
        #expect(try await cli.run(["snapshots"], env: restoreEnv).status == 0)
        try await Self.expectRefused(cli, ["forget", "--keep-last", "1"], env: restoreEnv, needs: "admin")
        let badRole = try await cli.run(["key", "add", "--role", "owner", "--new-password-file", file], env: env)
        #expect(badRole.status == 64, "\(badRole.stderr)")
    }
}
