import AeroVault
import ArchiveStore
import ArgumentParser
import Foundation

/// `aerovault verify`: compares a snapshot with what a cluster holds now (SPEC.md §14 "verify").
struct VerifyCommand: RepositoryCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Compare a snapshot with the records in a cluster namespace.",
        discussion: """
            Reads the snapshot and scans the same partitions of the cluster, then walks both side by side \
            in digest order: records only in the snapshot are missing, only in the cluster extra, in both \
            with another set, user key or bins changed (generation and TTL are not compared; records of \
            the snapshot that have expired since are not expected). --set and --bin-list restrict both \
            sides. Prints the counts and the first 10 differences. Exit status 0 only if identical. The \
            short flags are asbackup's (-h host, -p port, -n, -s, -B, -U, -P): help is --help only.

            \(ExitStatus.helpText)
            """,
        // -h is asbackup's --host here; help is --help only.
        helpNames: [.long])

    static var access: RepositoryAccess { .read }

    @OptionGroup var repositoryOptions: RepositoryOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var noLock: NoLockOptions
    var readOnly: Bool { noLock.enabled }
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var selection: SnapshotSelectionOptions

    @Option(help: ArgumentHelp("Compare against this namespace instead of the snapshot's.", valueName: "namespace"))
    var targetNamespace: String?

    @Option(help: "Partitions compared at once.")
    var parallel: Int = 8

    func verifyOptions() throws -> VerifyEngine.Options {
        VerifyEngine.Options(
            targetNamespace: targetNamespace, sets: cluster.sets, binNames: selection.binNames(),
            partitions: try selection.partitionIDs(), parallel: parallel)
    }

    mutating func validate() throws {
        _ = try cluster.requiredNamespace()
        guard (1...256).contains(parallel) else { throw ValidationError("--parallel must be between 1 and 256") }
    }

    func run(in context: CommandContext) async throws {
        let options = try verifyOptions()
        let skipped = SkippedSnapshots(json: output.json)
        let (id, snapshot) = try await selection.select(
            namespace: try cluster.requiredNamespace(), sets: cluster.sets, in: context.repository, output: output, skipped: skipped)
        let source = try await RepositorySnapshotSource(loader: context.repository, snapshot: snapshot)
        let connection = try await cluster.connect()
        let adapter = RestoreProgressAdapter(
            renderer: ProgressRenderers.make(json: output.json, quiet: output.quiet), unit: "partitions")
        let report: VerifyReport
        do {
            report = try await VerifyEngine(source: source, cluster: connection, options: options, progress: adapter)
                .run(snapshot: .init(id: id, snapshot: snapshot))
        } catch {
            await connection.close()
            throw error
        }
        adapter.finish()
        await connection.close()
        try Self.print(report, output: output)
        if let failure = ExitStatus.error(for: report) { throw failure }
        try skipped.finish()
    }

    /// Prints the result: text, or one JSON object with `--json`.
    static func print(_ report: VerifyReport, output: OutputOptions) throws {
        if output.json {
            Swift.print(try BackupReport.json(report, type: "summary", extra: ["identical": report.isIdentical]))
            return
        }
        let t = report.tally
        output.say(
            "snapshot \(report.snapshotID.prefix(8)) (namespace \(report.snapshotNamespace)) vs cluster namespace "
                + "\(report.clusterNamespace): \(report.isIdentical ? "IDENTICAL" : "DIFFERENT")")
        output.say("records:    \(t.identical) identical, \(t.missing) missing, \(t.extra) extra, \(t.changed) changed")
        output.say(
            "partitions: \(report.partitionsVerified.count) compared, \(report.partitionsFailed.count) failed "
                + "(\(HumanFormat.duration(report.seconds)))")
        for example in t.examples {
            let key = example.key.isEmpty ? "" : " key \(example.key)"
            output.say("\(example.kind.rawValue.uppercased()) \(example.digest) set '\(example.set)'\(key): \(example.detail)")
        }
        for failure in report.partitionsFailed.prefix(10) {
            output.say("FAILED partition \(failure.partition): \(failure.message)")
        }
    }
}
