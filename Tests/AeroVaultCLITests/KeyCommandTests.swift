import Foundation
import Testing

@Suite struct KeyCommandTests {
    @Test func initKeyAddListRemovePasswd() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let initResult = try await cli.initRepository()
        #expect(initResult.status == 0, "\(initResult.stderr)")
        #expect(initResult.stdout.contains("created aerovault repository"))
        #expect(FileManager.default.fileExists(atPath: cli.repo + "/config"))

        let second = try cli.file("second", "second password\n")
        let add = try await cli.run(["key", "add", "--new-password-file", second, "--json"])
        #expect(add.status == 0, "\(add.stderr)")
        let added = try #require((CLIRunner.json(add.stdout) as? [String: Any])?["id"] as? String)

        let list = try await cli.run(["key", "list", "--json"])
        #expect(list.status == 0)
        let rows = try #require(CLIRunner.json(list.stdout) as? [[String: Any]])
        #expect(rows.count == 2)
        #expect(rows.filter { $0["current"] as? Bool == true }.count == 1)
        #expect(rows.contains { $0["id"] as? String == added })

        // The second password opens the repository too.
        let viaSecond = try await cli.run(["key", "list"], env: cli.environment(["AEROVAULT_PASSWORD_FILE": second]))
        #expect(viaSecond.status == 0)
        #expect(viaSecond.stdout.contains("*" + added.prefix(8)))

        let remove = try await cli.run(["key", "remove", String(added.prefix(8))])
        #expect(remove.status == 0, "\(remove.stderr)")
        #expect(CLIRunner.json(try await cli.run(["key", "list", "--json"]).stdout) as? [Any] != nil)
        #expect((CLIRunner.json(try await cli.run(["key", "list", "--json"]).stdout) as? [Any])?.count == 1)

        // Removing the last key is refused.
        let current = try #require(
            ((CLIRunner.json(try await cli.run(["key", "list", "--json"]).stdout) as? [[String: Any]])?.first?["id"]) as? String)
        let last = try await cli.run(["key", "remove", current])
        #expect(last.status == 1)
        #expect(last.stderr.contains("last key"))

        // passwd: the old password stops working, the new one works.
        let third = try cli.file("third", "third password\n")
        let passwd = try await cli.run(["key", "passwd", "--new-password-file", third])
        #expect(passwd.status == 0, "\(passwd.stderr)")
        #expect(try await cli.run(["key", "list"]).status == 12)
        #expect(try await cli.run(["key", "list"], env: cli.environment(["AEROVAULT_PASSWORD_FILE": third])).status == 0)
    }

    @Test func wrongPasswordExits12AndMissingRepositoryExits10() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let missing = try await cli.run(["key", "list"])
        #expect(missing.status == 10)
        #expect(missing.stderr.contains("no aerovault repository"))
        #expect(try await cli.initRepository().status == 0)
        let wrong = try cli.file("wrong", "not it\n")
        let result = try await cli.run(["key", "list", "--json"], env: cli.environment(["AEROVAULT_PASSWORD_FILE": wrong]))
        #expect(result.status == 12)
        let error = CLIRunner.json(result.stderr) as? [String: Any]
        #expect(error?["message_type"] as? String == "exit_error")
        #expect(error?["code"] as? Int == 12)
        #expect((error?["message"] as? String)?.contains("wrong password") == true)
        // AEROVAULT_PASSWORD works when no file is given.
        var env = cli.environment(["AEROVAULT_PASSWORD": "secret one"])
        env["AEROVAULT_PASSWORD_FILE"] = nil
        #expect(try await cli.run(["key", "list"], env: env).status == 0)
        // No password source and no terminal: a clear error, not a hang.
        env["AEROVAULT_PASSWORD"] = nil
        let none = try await cli.run(["key", "list"], env: env)
        #expect(none.status == 1)
        #expect(none.stderr.contains("--password-file"))
    }

    /// A damaged key file exits 1 naming the file (SPEC.md §3); only a wrong password exits 12.
    @Test func damagedKeyFileExits1NamingItNot12() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try await cli.initRepository().status == 0)
        let keys = try FileManager.default.contentsOfDirectory(atPath: cli.repo + "/keys")
        let name = try #require(keys.first)
        let path = cli.repo + "/keys/" + name
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count - 40] ^= 0x04
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let result = try await cli.run(["snapshots"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("damaged key file"), "\(result.stderr)")
        #expect(result.stderr.contains("keys/" + name), "\(result.stderr)")
        #expect(!result.stderr.contains("wrong password"), "\(result.stderr)")
    }

    @Test func initTwiceFailsAndHelpListsExitCodes() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try await cli.initRepository().status == 0)
        let again = try await cli.initRepository()
        #expect(again.status == 1)
        #expect(again.stderr.contains("already exists"))
        let help = try await cli.run(["--help"])
        #expect(help.stdout.contains("EXIT STATUS"))
        #expect(help.stdout.contains("init"))
        #expect(!help.stdout.contains("write-chunks"))
        #expect(try await cli.run(["--version"]).stdout.isEmpty == false)
    }
}
