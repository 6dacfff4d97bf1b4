import AeroVault
import AerospikeWire
import ArchiveStore
import ArgumentParser
import Foundation

/// `aerovault restore`: writes a snapshot's records back into a cluster (SPEC.md §14 "restore").
struct RestoreCommand: RepositoryCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a snapshot into a cluster namespace.",
        discussion: """
            SNAPSHOT is an id, a unique id prefix, or 'latest' (the newest snapshot of --namespace; with \
            --at TIME, the newest taken at or before TIME: RFC 3339, asbackup's YYYY-MM-DD_HH:MM:SS or \
            YYYY-MM-DD in local time, or Unix seconds). Records are written \
            by digest with their set, stored user key, bins and TTL. By default a record is written only \
            if the backup's generation is newer than the cluster's (--no-generation turns the check off); \
            --replace replaces all bins instead of merging, --unique never touches existing records. \
            --ttl keep (default) keeps each record's expiry moment and skips records already expired; \
            extend gives each record the TTL it had when the snapshot was taken; never-expire drops \
            expiry. Writes answered with a transient code (device overload, key busy, timeout, node \
            gone) are retried with exponential backoff and jitter, and while the cluster reports \
            overload fewer batch writes are kept in flight (raised again once it recovers); a record \
            is given up after --retry-time (or --max-retries). A damaged chunk stops only its \
            partition: the summary names it and lists the partitions restored and not restored. A \
            ROLE_VIOLATION (the user may not write here) stops the restore with one error, exit 1. The \
            short flags are asbackup's (-h host, -p port, -n, -s, -B, -U, -P): help is --help only.

            --dry-run reads, decrypts and plans every record of the snapshot and prints what would be \
            written, without contacting a cluster (--host is not needed). Add --check-cluster to also \
            connect and check that the target namespace exists; a dry run never writes.

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

    @Option(help: ArgumentHelp("Write into this namespace instead of the snapshot's.", valueName: "namespace"))
    var targetNamespace: String?

    @Option(help: "Partitions read at once (a partition keeps its place until its writes are answered).")
    var parallel: Int = RestoreOptions.defaultParallel

    @Option(help: ArgumentHelp("Batch write requests in flight at once.", valueName: "N"))
    var maxAsyncBatches: Int = RestoreOptions.defaultWritesInFlight

    @Option(help: ArgumentHelp("Cap on records written per second.", valueName: "R"))
    var tps: Int?

    @Option(
        name: [.customLong("nice"), .customShort("N")],
        help: ArgumentHelp("Cap on bin data written to the cluster, in MiB/s (asrestore's).", valueName: "MiB/s"))
    var nice: Int?

    @Flag(help: "Wait until every node has built the recreated secondary indexes before exiting (asrestore's).")
    var wait = false

    @Option(help: ArgumentHelp("Records per batch write request.", valueName: "K"))
    var batchSize: Int = 128

    @Option(
        help: ArgumentHelp(
            "Retries per record after a transient answer (overload, busy key, timeout, node gone); default: no "
                + "count limit, only --retry-time.", valueName: "N"))
    var maxRetries: Int?

    @Option(
        help: ArgumentHelp(
            "How long a record may keep failing transiently before it counts as failed (90, 90s, 2m, 1m30s).",
            valueName: "duration"))
    var retryTime = DurationArgument(RestoreOptions.defaultRetryTime)

    @Flag(help: "Only create records; leave existing ones alone (CREATE_ONLY).")
    var unique = false

    @Flag(help: "Replace all bins of existing records instead of merging (REPLACE).")
    var replace = false

    @Flag(help: "Write even if the cluster's record has a newer generation.")
    var noGeneration = false

    @Option(help: ArgumentHelp("TTL of restored records: keep, extend or never-expire.", valueName: "mode"))
    var ttl: RestoreOptions.TTLMode = .keep

    @Flag(help: "Keep going when records fail to write (exit status 3 instead of 1).")
    var ignoreRecordError = false

    @Flag(help: "Do not recreate secondary indexes.")
    var noIndexes = false

    @Flag(help: "Do not register UDF modules.")
    var noUdfs = false

    @Flag(help: "Read, decrypt and check everything, count what would be written, write nothing; no cluster needed.")
    var dryRun = false

    @Option(help: ArgumentHelp(
        "Add N seconds to the expiry of every record that expires (asrestore's --extra-ttl).", valueName: "N"))
    var extraTtl: UInt32 = 0

    @Flag(help: ArgumentHelp(
        "After writing each partition, delete the target's records (of the snapshot's sets and partitions) "
            + "that the snapshot does not hold: the namespace becomes equal to the snapshot."))
    var deleteExtra = false

    @Option(help: ArgumentHelp(
        "Restore only the I-th of N equal partition ranges; N restores (one per share, on any hosts) make "
            + "one restore. Needs a snapshot id, not 'latest'.", valueName: "I/N"))
    var worker: String?

    @Flag(help: "Write no records: only recreate secondary indexes and UDF modules.")
    var noRecords = false

    @Flag(help: "Create secondary indexes after the records instead of before.")
    var indexesLast = false

    @Flag(help: "With --dry-run: also connect and check that the target namespace exists.")
    var checkCluster = false

    mutating func validate() throws {
        _ = try cluster.requiredNamespace()
        if unique, replace || noGeneration { throw ValidationError("--unique cannot be combined with --replace or --no-generation") }
        if checkCluster, !dryRun { throw ValidationError("--check-cluster only goes with --dry-run") }
        if worker != nil, selection.snapshot == "latest" {
            throw ValidationError(
                "--worker needs the snapshot's id: every share must restore the same snapshot, and 'latest' may "
                    + "change between them")
        }
        if deleteExtra, noRecords { throw ValidationError("--delete-extra goes with writing records, not --no-records") }
        if noRecords, noIndexes, noUdfs { throw ValidationError("nothing to restore: --no-records, --no-indexes and --no-udfs") }
        if indexesLast, noIndexes || noRecords {
            throw ValidationError("--indexes-last orders indexes after records; it needs both")
        }
        do {
            try restoreOptions().validate()
        } catch let error as AeroVaultError {
            throw ValidationError(error.message)
        }
    }

    /// The engine options from the flags.
    func restoreOptions() throws -> RestoreOptions {
        var options = RestoreOptions(
            targetNamespace: targetNamespace, sets: cluster.sets, binNames: selection.binNames(),
            partitions: try selection.partitionIDs(), parallel: parallel, recordsPerSecond: tps, batchSize: batchSize,
            existsAction: unique ? .createOnly : (replace ? .replace : .update), checkGeneration: !noGeneration,
            ttlMode: ttl, ignoreRecordErrors: ignoreRecordError, restoreIndexes: !noIndexes, restoreUDFs: !noUdfs,
            dryRun: dryRun, writesInFlight: maxAsyncBatches, maxRetries: maxRetries, retryTime: retryTime.duration)
        if let worker {
            do {
                options.partitions = try WorkerShare(parsing: worker).narrowing(options.partitions)
            } catch let error as AeroVaultError {
                throw ValidationError(error.message)
            }
        }
        options.extraTTL = extraTtl
        options.restoreRecords = !noRecords
        options.indexesLast = indexesLast
        options.writeBytesPerSecond = nice.map { $0 * 1024 * 1024 }
        options.waitForIndexes = wait
        return options
    }

    func run(in context: CommandContext) async throws {
        var options = try restoreOptions()
        let skipped = SkippedSnapshots(json: output.json)
        let (id, snapshot) = try await selection.select(
            namespace: try cluster.requiredNamespace(), sets: cluster.sets, in: context.repository, output: output, skipped: skipped)
        if deleteExtra { options.deleteExtra = try DeleteScope.make(for: snapshot, restoreSets: cluster.sets) }
        let source = try await RepositorySnapshotSource(loader: context.repository, snapshot: snapshot)
        let metadata = try await ClusterMetadataRestorer.load(from: snapshot, loader: context.repository)
        let connection = dryRun && !checkCluster ? nil : try await cluster.connect()
        let adapter = RestoreProgressAdapter(renderer: ProgressRenderers.make(json: output.json, quiet: output.quiet))
        let report: RestoreReport
        do {
            report = try await RestoreEngine(source: source, target: connection, options: options, progress: adapter)
                .run(snapshot: .init(id: id, snapshot: snapshot), metadata: metadata)
        } catch {
            await connection?.close()
            throw error
        }
        adapter.finish()
        await connection?.close()
        try Self.print(report, output: output)
        if let failure = ExitStatus.error(for: report, ignoreRecordErrors: options.ignoreRecordErrors) { throw failure }
        try skipped.finish()
    }

    /// Prints the summary: text, or one JSON object with `--json`.
    static func print(_ report: RestoreReport, output: OutputOptions) throws {
        if output.json {
            Swift.print(try BackupReport.json(report, type: "summary", extra: ["records_per_second": report.recordsPerSecond]))
            return
        }
        let c = report.counts
        let verb = report.dryRun ? "would restore (dry run)" : "restored"
        output.say("snapshot \(report.snapshotID.prefix(8)): namespace \(report.sourceNamespace) → \(report.targetNamespace)")
        output.say(
            "records:    \(c.restored) \(verb), \(c.skippedExisting) skipped (exists/generation), "
                + "\(c.skippedExpired) skipped (expired), \(c.skippedFiltered) filtered, \(c.failed) failed"
                + (c.deleted > 0 ? ", \(c.deleted) deleted (not in the snapshot)" : ""))
        output.say(
            "partitions: \(report.partitionsRestored.count) restored, \(report.partitionsFailed.count) failed, "
                + "\(report.partitionsNotStarted.count) not started")
        if report.indexesRestored + report.udfsRestored > 0 {
            output.say("metadata:   \(report.indexesRestored) secondary indexes, \(report.udfsRestored) UDF modules")
        }
        output.say(
            "\(report.dryRun ? "to write:" : "written: ")   \(HumanFormat.bytes(c.bytes)) in "
                + HumanFormat.durationAndRate(report.seconds, records: c.restored))
        let p = report.pipeline
        if p.batches > 0 {
            output.say(
                String(
                    format: "pipeline:   reading %.1f s (%.1f readers busy), blocked on a full queue %.1f s; "
                        + "writing %.1f s (%.1f of max %d batches in flight, %.0f rows each), writers idle %.1f s",
                    p.readSeconds, p.readersBusy(over: report.seconds), p.queueFullSeconds, p.writeSeconds,
                    p.batchesInFlight(over: report.seconds), p.maxBatchesInFlight, p.rowsPerBatch, p.queueEmptySeconds))
        }
        let r = report.retries
        if !report.dryRun, p.batches > 0 {
            output.say(
                "retries:    \(r.retries) record writes retried (\(r.overloadAnswers) overload answers, "
                    + "\(r.rowsGivenUp) given up); batches in flight cut \(r.windowCuts) times, "
                    + "lowest \(r.smallestWindow) of \(r.maxWindow)")
        }
        for failure in report.partitionsFailed.prefix(10) {
            output.say(
                "FAILED partition \(failure.partition) (\(failure.recordsWritten) records written before): \(failure.message)")
        }
        for failure in report.recordFailures {
            output.say("FAILED record \(failure.digest) set '\(failure.set)': \(failure.reason)")
        }
        let missing = report.partitionsFailed.map(\.partition) + report.partitionsNotStarted
        if !missing.isEmpty {
            output.say("not restored: partitions \(RestoreReport.describe(partitions: missing))")
            output.say("restored:     partitions \(RestoreReport.describe(partitions: report.partitionsRestored))")
        }
    }
}

extension RestoreOptions.TTLMode: ExpressibleByArgument {}
