import ArchiveStore
import Foundation
import Testing

/// restic habits (issue 20): `--password-command` / `$AEROVAULT_PASSWORD_COMMAND`, and `--retry-lock`
/// waiting for another process's lock (SPEC.md §3 "Passwords", §10).
@Suite struct PasswordCommandAndRetryLockTests {
    /// The runner's environment without a password file, so only the command can supply it.
    func environmentWithoutPassword(_ cli: CLIRunner, _ extra: [String: String] = [:]) -> [String: String] {
        var env = cli.environment(extra)
        env["AEROVAULT_PASSWORD_FILE"] = nil
        return env
    }

    @Test func thePasswordComesFromACommandAndItsFailuresAreClear() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try await cli.initRepository().status == 0)
        let bare = environmentWithoutPassword(cli)

        let flag = try await cli.run(["snapshots", "--password-command", "printf 'secret one\\nignored'"], env: bare)
        #expect(flag.status == 0, "\(flag.stderr)")
        let variable = try await cli.run(
            ["snapshots"], env: environmentWithoutPassword(cli, ["AEROVAULT_PASSWORD_COMMAND": "echo 'secret one'"]))
        #expect(variable.status == 0, "\(variable.stderr)")

        let wrong = try await cli.run(["snapshots", "--password-command", "echo nope"], env: bare)
        #expect(wrong.status == 12, "\(wrong.stderr)")
        let failing = try await cli.run(["snapshots", "--password-command", "exit 3"], env: bare)
        #expect(failing.status == 1)
        #expect(failing.stderr.contains("the password command failed (exit status 3)"), "\(failing.stderr)")
        let silent = try await cli.run(["snapshots", "--password-command", "true"], env: bare)
        #expect(silent.status == 1 && silent.stderr.contains("empty password"), "\(silent.stderr)")
        let both = try await cli.run(["snapshots", "--password-file", cli.passwordFile, "--password-command", "true"], env: bare)
        #expect(both.status == 1 && both.stderr.contains("not both"), "\(both.stderr)")
        // The password never reaches the output.
        #expect(![flag, variable, wrong, failing].contains { $0.stdout.contains("secret one") || $0.stderr.contains("secret one") })
    }

    @Test func retryLockWaitsForAnotherProcessesLockAndGivesUpAfterItsTime() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try await cli.initRepository().status == 0)
        let repository = try await Repository.open(backend: LocalBackend(path: cli.repo), password: Array("secret one".utf8))
        // `check` takes a shared lock (SPEC.md §10): another process's exclusive one blocks it.
        let held = try await repository.lock(exclusive: true, refreshInterval: 0)

        let atOnce = try await cli.run(["check"])
        #expect(atOnce.status == 11, "\(atOnce.stderr)")
        let started = Date()
        let gaveUp = try await cli.run(["check", "--retry-lock", "1s"])
        #expect(gaveUp.status == 11)
        #expect(Date().timeIntervalSince(started) >= 1)
        #expect(gaveUp.stderr.contains("still locked after --retry-lock 1s"), "\(gaveUp.stderr)")

        let waiting = try cli.start(["check", "--retry-lock", "2m"])
        #expect(await waiting.waitWhileRunning(until: { waiting.stderrFile.text().contains("retrying for up to") }))
        await held.release()
        let result = await waiting.finish(killAfter: 120)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.repo + "/locks").isEmpty)
    }
}
