import ArchiveStore
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Reading a repository that must not or cannot be written (SPEC.md §10 "--no-lock").
///
/// Tests run as root, so `chmod` cannot make a directory read-only for them. Two checks instead:
/// every file's name, size and mtime (and every directory) is the same before and after the read-only
/// commands, which catches any write however brief (a lock file written and removed changes
/// `locks/`'s mtime); and, where the test may mount (root with CAP_SYS_ADMIN), the same commands
/// run against a read-only bind mount of the repository, where the kernel refuses every write.
@Suite(.serialized) struct ReadOnlyRepositoryTests {
    /// Every path under `root` with its size and modification time.
    static func tree(_ root: String) throws -> [String: String] {
        var out: [String: String] = [:]
        let enumerator = try #require(FileManager.default.enumerator(atPath: root))
        while let path = enumerator.nextObject() as? String {
            let attributes = try FileManager.default.attributesOfItem(atPath: root + "/" + path)
            let mtime = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            out[path] = "\(attributes[.size] ?? 0) \(mtime)"
        }
        return out
    }

    /// The read-only commands, each with `--no-lock`, against `repo`.
    static func readOnlyCommands(first: SnapshotID, second: SnapshotID) -> [[String]] {
        [
            ["snapshots"], ["ls", "latest"], ["cat", "snapshot", "latest"], ["diff", first.short, second.short],
            ["stats"], ["check", "--read-data"], ["key", "list"],
            ["restore", "latest", "--namespace", "test", "--dry-run"],
        ].map { $0 + ["--no-lock"] }
    }

    @Test func noLockCommandsWriteNothing() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let (first, second) = try await DamagedSnapshotCommandTests.twoSnapshots(cli)
        let before = try Self.tree(cli.repo)
        for command in Self.readOnlyCommands(first: first, second: second) {
            let result = try await cli.run(command)
            #expect(result.status == 0, "\(command): \(result.stdout) \(result.stderr)")
        }
        #expect(try Self.tree(cli.repo) == before)
        // Without --no-lock a shared lock is written (and removed): the check above would see it.
        #expect(try await cli.run(["stats"]).status == 0)
        #expect(try Self.tree(cli.repo) != before)
    }

    @Test func noLockCommandsWorkOnAReadOnlyMount() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let (first, second) = try await DamagedSnapshotCommandTests.twoSnapshots(cli)
        let mountPoint = cli.scratch + "/read-only"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        // MS_BIND = 4096, MS_REMOUNT = 32, MS_RDONLY = 1 (<sys/mount.h>).
        guard mount(cli.repo, mountPoint, nil, 4096, nil) == 0 else {
            // No privilege to mount here: the tree comparison in noLockCommandsWriteNothing still holds.
            print("ReadOnlyRepositoryTests: cannot bind-mount (errno \(errno)); read-only mount check skipped")
            return
        }
        defer { umount2(mountPoint, 2) }  // MNT_DETACH
        guard mount(nil, mountPoint, nil, 4096 | 32 | 1, nil) == 0 else { return }
        #expect(FileManager.default.createFile(atPath: mountPoint + "/probe", contents: Data()) == false)

        let env = cli.environment(["AEROVAULT_REPOSITORY": mountPoint])
        for command in Self.readOnlyCommands(first: first, second: second) {
            let result = try await cli.run(command, env: env)
            #expect(result.status == 0, "\(command): \(result.stdout) \(result.stderr)")
        }
        // Without --no-lock the lock cannot be written: a clear error, not a crash.
        let locked = try await cli.run(["check"], env: env)
        #expect(locked.status == 1, "\(locked.stderr)")
        #expect(locked.stderr.contains("Read-only file system"), "\(locked.stderr)")
    }
}
