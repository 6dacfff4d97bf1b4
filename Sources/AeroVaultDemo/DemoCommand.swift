import ArgumentParser
import Foundation

/// `aerovault-demo`: the whole story on an embedded simulated cluster, told with the real `aerovault`
/// commands (SPEC.md §14 "demo"). A separate executable, so the shipped `aerovault` links no simulator.
@main
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aerovault-demo",
        abstract: "Run backup → change → incremental backup → restore → verify with aerovault on a simulated cluster.",
        discussion: """
            Starts a 3-node Aerospike simulator on 127.0.0.1 (free ports), loads records, creates a \
            repository in a temporary directory (or DIR with --keep, left in place with its password \
            in DIR/password), and runs the real aerovault commands, printing each one and its output: \
            init, a full backup, a day of changes, an incremental backup, snapshots, then restore and \
            verify of each snapshot into an empty namespace. Needs no network and no running Aerospike.

            Exit status 0 only if every step succeeded and both verifies found the namespaces identical; \
            1 naming the step that failed.
            """)

    @Option(help: "Records to load.")
    var records: Int = 20_000

    @Option(help: ArgumentHelp("Keep the repository in this directory (it must not hold one yet).", valueName: "dir"))
    var keep: String?

    @Option(help: ArgumentHelp("The aerovault executable (default: the one next to this program).", valueName: "path"))
    var aerovault: String?

    @Flag(help: .hidden)
    var insecureFastKdf = false

    mutating func validate() throws {
        guard (1...5_000_000).contains(records) else { throw ValidationError("--records must be between 1 and 5000000") }
    }

    func run() async throws {
        let directory = keep ?? NSTemporaryDirectory() + "aerovault-demo-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(atPath: directory) } }
        let repository = directory + "/repo"
        let passwordFile = directory + "/password"
        var random = SystemRandomNumberGenerator()
        let password = String((0..<24).map { _ in "abcdefghijkmnpqrstuvwxyz23456789".randomElement(using: &random)! })
        try (password + "\n").write(toFile: passwordFile, atomically: true, encoding: .utf8)

        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AEROVAULT_") }
        environment["AEROVAULT_REPOSITORY"] = repository
        environment["AEROVAULT_PASSWORD_FILE"] = passwordFile
        let shell = DemoShell(executable: aerovault ?? Self.siblingExecutable("aerovault"), environment: environment)

        let cluster = try await DemoCluster.start()
        do {
            try story(shell: shell, cluster: cluster, repository: repository, passwordFile: passwordFile)
        } catch let failed as DemoShell.StepFailed {
            await cluster.stop()
            FileHandle.standardError.write(Data("aerovault-demo: \(failed.description)\n".utf8))
            throw ExitCode(1)
        }
        await cluster.stop()
        if keep != nil {
            print("The repository stays at \(repository); its password is in \(passwordFile).")
            print("Try: AEROVAULT_REPOSITORY=\(repository) AEROVAULT_PASSWORD_FILE=\(passwordFile) aerovault snapshots")
        }
    }

    private func story(shell: DemoShell, cluster: DemoCluster, repository: String, passwordFile: String) throws {
        let started = Date()
        let ns = DemoCluster.source
        let (first, second) = DemoCluster.restoreTargets
        let hosts = cluster.hostArguments

        heading("1/8 load")
        let seconds = try cluster.load(records: records)
        print("Loaded \(records) records (ints, strings, blobs, maps, lists; 4 sets; 10 % with a TTL) into namespace "
            + "'\(ns)' of a 3-node simulated cluster at \(cluster.addresses) in \(String(format: "%.1f", seconds)) s.")

        heading("2/8 init")
        print("export AEROVAULT_REPOSITORY=\(repository) AEROVAULT_PASSWORD_FILE=\(passwordFile)")
        let kdf = insecureFastKdf ? ["--kdf-memory-mib", "1", "--kdf-ops", "1"] : []
        try shell.run("2/8 init", ["init"] + kdf)

        heading("3/8 full backup")
        try shell.run("3/8 full backup", ["backup"] + hosts + ["--namespace", ns])
        let full = try shell.snapshotIDs("3/8 full backup")

        heading("4/8 a day of changes")
        let change = try cluster.change(update: 0.01, delete: 0.005, insert: 0.005)
        print("Updated \(change.updated), deleted \(change.deleted) and inserted \(change.inserted) records.")

        heading("5/8 incremental backup")
        try shell.run("5/8 incremental backup", ["backup"] + hosts + ["--namespace", ns])
        let incremental = try shell.snapshotIDs("5/8 incremental backup").filter { !full.contains($0) }

        heading("6/8 snapshots")
        try shell.run("6/8 snapshots", ["snapshots"])

        guard let fullID = full.first, let incrementalID = incremental.first else {
            throw DemoShell.StepFailed(description: "demo step 6/8 snapshots failed: expected two snapshots")
        }
        for (number, id, target, label) in [("7/8", fullID, first, "full"), ("8/8", incrementalID, second, "incremental")] {
            let step = "\(number) restore + verify of the \(label) snapshot"
            heading(step)
            let scope = hosts + ["--namespace", ns, "--target-namespace", target]
            try shell.run(step, ["restore", String(id.prefix(8))] + scope)
            try shell.run(step, ["verify", String(id.prefix(8))] + scope)
            print("'\(target)' now holds \(try cluster.recordCount(target)) records.")
        }
        print("\nAll steps passed in \(String(format: "%.1f", Date().timeIntervalSince(started))) s: "
            + "both restores are identical to their snapshots.")
    }

    private func heading(_ title: String) { print("\n== \(title) ==") }

    /// A program installed next to this one (SwiftPM puts every product in one folder).
    static func siblingExecutable(_ name: String) -> String {
        let own = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        return own.deletingLastPathComponent().appendingPathComponent(name).path
    }
}
