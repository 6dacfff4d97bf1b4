import AeroVault
import AerospikeWire
import ArchiveStore
import ArgumentParser
import Foundation

/// `aerovault backup`: a full or incremental snapshot of a namespace (SPEC.md §14 "backup").
struct BackupCommand: RepositoryCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back up a namespace from a live cluster into a new snapshot.",
        discussion: """
            The first backup of a namespace is full; later ones store only records changed since the \
            newest snapshot of the same cluster (cluster name and node set) with the same namespace, sets, \
            bins, partitions and filters, plus tombstones for deleted records (--full forces a full backup, \
            --parent ID names the parent). A full backup says why it has no parent. An interrupted backup resumes \
            from its checkpoint when rerun with the same arguments. Times are RFC 3339 \
            (2026-11-25T10:00:00Z), asbackup's 2026-11-25_10:00:00 or 2026-11-25 (local time), or Unix \
            seconds. The cluster password comes from the variable named by --password-env or \
            $AEROVAULT_CLUSTER_PASSWORD, or -P asks for it on the terminal; never from the command line. \
            The short flags are asbackup's (-h host, -p port, -n, -s, -B, -U, -P): help is --help only.

            asbackup's flags keep their names and short names: -R/--no-records, -I/--no-indexes, \
            -u/--no-udfs, -x/--no-bins, -M/--max-records, -f/--filter-exp, -l/--node-list, -N/--nice, \
            -S/--services-alternate, and --socket-timeout, --total-timeout, --sleep-between-retries in \
            milliseconds. --no-records and --max-records make a limited snapshot: never a parent, never \
            picked by 'latest'. --dry-run scans and chunks, prints what would be stored, and writes nothing.

            Many workers, one snapshot: N processes given --worker I/N and the same --run-id NAME (and \
            otherwise the same arguments) each back up the I-th of N equal partition ranges and save it as \
            a part; the worker whose part completes the set assembles the snapshot. --run-id NAME --finish \
            assembles a run whose last worker died after saving its part (docs/workers.md).

            \(ExitStatus.helpText)
            """,
        // -h is asbackup's --host here; help is --help only.
        helpNames: [.long])

    static var access: RepositoryAccess { .backup }

    @OptionGroup var repositoryOptions: RepositoryOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var cluster: ClusterOptions

    @OptionGroup var scope: RecordScopeOptions

    @OptionGroup(title: "asbackup's content, rate and retry flags") var content: BackupContentOptions

    @Option(help: "Partition groups scanned at once.")
    var parallel: Int = 16

    @Option(help: ArgumentHelp("Partitions per scan request (default: --parallel groups of at most 64).", valueName: "N"))
    var partitionsPerScan: Int?

    @Option(help: ArgumentHelp("Cap on records per second read from the cluster.", valueName: "R"))
    var recordsPerSecond: Int?

    @Option(help: ArgumentHelp("Only records last updated at or after this time.", valueName: "time"))
    var modifiedAfter: String?

    @Option(help: ArgumentHelp("Only records last updated before this time.", valueName: "time"))
    var modifiedBefore: String?

    @Flag(help: "Only records that never expire.")
    var noTtlOnly = false

    @Flag(help: "Take a full snapshot even when a parent snapshot exists.")
    var full = false

    @Option(help: ArgumentHelp("Build the incremental on this snapshot (id, prefix or 'latest').", valueName: "id"))
    var parent: String?

    @Option(name: .customLong("tag"), help: ArgumentHelp("Tag stored with the snapshot; repeatable.", valueName: "tag"))
    var tags: [String] = []

    @Flag(help: "Scan a sample of partitions and print the estimated size; store nothing.")
    var estimate = false

    @Flag(help: "Scan and chunk everything, print what would be stored; write nothing, take no lock.")
    var dryRun = false

    /// A dry run opens the repository read-only: no lock, and the backend refuses every write.
    var readOnly: Bool { dryRun }

    @Option(help: ArgumentHelp("Merge a partition's layers into one when there would be more than N.", valueName: "N"))
    var compactionThreshold: Int = 8

    @Option(help: ArgumentHelp("Seconds between checkpoints (testing).", visibility: .hidden))
    var checkpointInterval: Double = 5

    @Option(help: ArgumentHelp("Back up the I-th of N equal partition ranges of a run (needs --run-id).", valueName: "I/N"))
    var worker: String?

    @Option(help: ArgumentHelp("The many-worker run this process belongs to.", valueName: "name"))
    var runId: String?

    @Flag(help: "With --worker: save this worker's part only; assemble later with --finish.")
    var noAssemble = false

    @Flag(help: "Assemble run --run-id from its saved parts (no cluster needed).")
    var finish = false

    mutating func validate() throws {
        if finish {
            guard let runId, worker == nil, !noAssemble, !estimate else {
                throw ValidationError("--finish takes --run-id NAME, and neither --worker, --no-assemble nor --estimate")
            }
            do { try BackupWorker.checkRunID(runId) } catch let error as AeroVaultError { throw ValidationError(error.message) }
            return
        }
        _ = try cluster.requiredNamespace()
        if (worker == nil) != (runId == nil) { throw ValidationError("--worker I/N and --run-id NAME go together") }
        if noAssemble && worker == nil { throw ValidationError("--no-assemble needs --worker and --run-id") }
        if dryRun, estimate || worker != nil { throw ValidationError("--dry-run takes neither --estimate nor --worker") }
        if content.nodeList != nil, scope.partitions != nil || scope.partitionList != nil {
            throw ValidationError("--node-list chooses the partitions: give it or --partitions/--partition-list, not both")
        }
        _ = try backupConfiguration()
    }

    /// The engine configuration from the flags; argument errors become ``ValidationError``s.
    func backupConfiguration() throws -> BackupConfiguration {
        do {
            var config = BackupConfiguration(namespace: try cluster.requiredNamespace())
            config.sets = cluster.sets
            config.binNames = scope.binNames()
            if let selection = try scope.partitionSelection() { config.partitions = selection }
            config.parallel = parallel
            config.partitionsPerScan = partitionsPerScan
            config.recordsPerSecond = recordsPerSecond
            config.modifiedAfter = try modifiedAfter.map(TimeArgument.parseNanoseconds)
            config.modifiedBefore = try modifiedBefore.map(TimeArgument.parseNanoseconds)
            config.noTTLOnly = noTtlOnly
            config.forceFull = full
            config.parentID = parent
            config.tags = tags
            config.compactionThreshold = compactionThreshold
            config.checkpointInterval = checkpointInterval
            try content.apply(to: &config)
            if let worker, let runId {
                config.worker = try BackupWorker(runID: runId, share: try WorkerShare(parsing: worker))
            }
            try config.validate()
            return config
        } catch let error as AeroVaultError {
            throw ValidationError(error.message)
        }
    }

    func run(in context: CommandContext) async throws {
        if finish, let runId {
            let assembler = RunAssembler(repository: context.repository, runID: runId, namespace: cluster.namespace)
            return try WorkerReport.printFinish(try await assembler.assemble(), runID: runId, context: context)
        }
        var config = try backupConfiguration()
        // Debris of killed writers (SPEC.md §6 "Temporary files"); we hold our lock now.
        if !dryRun { _ = await context.repository.removeStaleTemporaryFiles() }
        let connection = try await cluster.connect(preferredRacks: try content.racks())
        defer { Task { await connection.close() } }
        if !content.nodes.isEmpty {
            config.partitions = try await BackupEngine.partitions(
                masteredBy: content.nodes, namespace: config.namespace, in: connection)
        }
        let renderer = ProgressRenderers.make(json: output.json, quiet: output.quiet || estimate || dryRun)
        let adapter = BackupProgressAdapter(renderer: renderer)
        let engine = BackupEngine(
            cluster: connection, repository: context.repository, configuration: config, progress: adapter)
        if dryRun {
            let result = try await engine.dryRun()
            await connection.close()
            return try BackupReport.printDryRun(result, output: output)
        }
        if estimate {
            let result = try await engine.estimate()
            await connection.close()
            try BackupReport.printEstimate(result, output: output)
            return
        }
        if config.worker != nil {
            let result: WorkerResult
            do {
                result = try await engine.runWorker(assemble: !noAssemble)
            } catch {
                await connection.close()
                throw error
            }
            adapter.finish()
            await connection.close()
            return try WorkerReport.printWorker(result, context: context)
        }
        let summary: BackupSummary
        do {
            summary = try await engine.run()
        } catch {
            await connection.close()
            throw error
        }
        adapter.finish()
        await connection.close()
        if let id = ID32(hex: summary.snapshotID) {
            SnapshotCache.update(context.repository, seen: [id], output: output)
        }
        try BackupReport.printSummary(summary, output: output)
        if let failure = ExitStatus.error(for: summary) { throw failure }
    }
}
