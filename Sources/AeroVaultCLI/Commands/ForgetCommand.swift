import AeroVault
import ArchiveStore
import ArgumentParser
import Foundation

/// `aerovault forget`: removes snapshots by id or by a keep policy (restic semantics).
struct ForgetCommand: RepositoryCommand {
    static let configuration = CommandConfiguration(
        commandName: "forget",
        abstract: "Remove snapshots by id or by policy.",
        discussion: """
            Snapshots are grouped by --group-by (default cluster,namespace,scope) and the policy is \
            applied to each group, newest first: --keep-last N keeps the N newest; --keep-hourly, \
            --keep-daily, --keep-weekly (ISO weeks), --keep-monthly, --keep-yearly N keep the newest \
            snapshot of each of the N most recent periods that have one ('unlimited' = all periods); \
            if a rule has periods left at the group's oldest snapshot, that snapshot is kept too. \
            --keep-within 1y2m3d4h keeps snapshots newer than the group's latest minus the duration; \
            --keep-tag a,b keeps snapshots having all of those tags. Periods use the local time zone \
            ($TZ). Only snapshot files are removed; run prune (or pass --prune) to free space. An \
            incremental snapshot never depends on its parent's file, only on the layers it names.

            \(ExitStatus.helpText)
            """)
    static var lockMode: LockMode { .exclusive }

    static var access: RepositoryAccess { .admin }

    @OptionGroup var repositoryOptions: RepositoryOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var filterOptions: SnapshotFilterOptions

    @Argument(help: "Snapshots to remove (ids, unique prefixes or \"latest\"); or use a --keep policy.")
    var snapshots: [String] = []

    @Option(name: [.customLong("keep-last"), .customShort("l")], help: "Keep the N newest snapshots.")
    var keepLast: KeepCount?
    @Option(name: [.customLong("keep-hourly"), .customShort("H")], help: "Keep the newest snapshot of each of the last N hours.")
    var keepHourly: KeepCount?
    @Option(name: [.customLong("keep-daily"), .customShort("d")], help: "Keep the newest snapshot of each of the last N days.")
    var keepDaily: KeepCount?
    @Option(name: [.customLong("keep-weekly"), .customShort("w")], help: "Keep the newest snapshot of each of the last N ISO weeks.")
    var keepWeekly: KeepCount?
    @Option(name: [.customLong("keep-monthly"), .customShort("m")], help: "Keep the newest snapshot of each of the last N months.")
    var keepMonthly: KeepCount?
    @Option(name: [.customLong("keep-yearly"), .customShort("y")], help: "Keep the newest snapshot of each of the last N years.")
    var keepYearly: KeepCount?
    @Option(help: ArgumentHelp("Keep snapshots newer than the group's latest minus this duration.", valueName: "1y2m3d4h"))
    var keepWithin: String?
    @Option(help: ArgumentHelp("Keep snapshots with all these tags (comma-separated; repeatable).", valueName: "tag[,tag…]"))
    var keepTag: [String] = []
    @Option(help: ArgumentHelp(
        "Group snapshots by these fields before applying the policy: cluster, namespace, scope, sets, host, tags; '' = one group.",
        valueName: "fields"))
    var groupBy: String = SnapshotGrouping.default.description

    @Flag(help: "Run prune afterwards (same lock).")
    var prune = false
    @OptionGroup var pruneFlags: PruneFlags

    func policy() throws -> ForgetPolicy {
        ForgetPolicy(
            last: keepLast?.value ?? 0, hourly: keepHourly?.value ?? 0, daily: keepDaily?.value ?? 0,
            weekly: keepWeekly?.value ?? 0, monthly: keepMonthly?.value ?? 0, yearly: keepYearly?.value ?? 0,
            within: try keepWithin.map(PolicyDuration.init(parsing:)), tags: keepTag.map(TagList.parse))
    }

    func validate() throws {
        let policy: ForgetPolicy
        do {
            policy = try self.policy()
            _ = try SnapshotGrouping(parsing: groupBy)
        } catch {
            throw ValidationError("\(error)")
        }
        if snapshots.isEmpty && policy.isEmpty {
            throw ValidationError("give snapshot ids or a --keep-… policy; nothing was removed")
        }
        if !snapshots.isEmpty && !policy.isEmpty {
            throw ValidationError("give either snapshot ids or a --keep-… policy, not both")
        }
    }

    func run(in context: CommandContext) async throws {
        let forgetter = SnapshotForgetter(repository: context.repository)
        let output = context.output
        let dryRun = pruneFlags.dryRun
        var groups: [ForgetGroupPlan]
        if snapshots.isEmpty {
            let policy = try policy()
            let plan = try await forgetter.plan(
                policy: policy, grouping: try SnapshotGrouping(parsing: groupBy), filter: filterOptions.filter)
            groups = plan.groups
            output.say("Applying policy: \(policy.summary)")
        } else {
            let targets = try await forgetter.resolve(snapshots)
            groups = [ForgetGroupPlan(key: SnapshotGroupKey(), keep: [], remove: targets)]
        }
        for group in groups { render(group, output: output, byPolicy: snapshots.isEmpty, dryRun: dryRun) }
        let removed = groups.flatMap(\.remove)
        if !dryRun {
            try await forgetter.remove(removed)
            SnapshotCache.update(context.repository, forgotten: removed.map(\.id), output: output)
        }
        if output.json { try output.emit(groups.map(GroupJSON.init)) }
        output.say(dryRun
            ? "dry run: would remove \(removed.count) snapshot\(removed.count == 1 ? "" : "s")"
            : "removed \(removed.count) snapshot\(removed.count == 1 ? "" : "s")")
        if prune {
            try await PruneCommand.prune(context, options: pruneFlags)
        }
    }

    private func render(_ group: ForgetGroupPlan, output: OutputOptions, byPolicy: Bool, dryRun: Bool) {
        if byPolicy { output.say("\nsnapshots for (\(group.key)):") }
        if byPolicy {
            output.say("keep \(group.keep.count) snapshot\(group.keep.count == 1 ? "" : "s"):")
            let reasons = Dictionary(uniqueKeysWithValues: group.keep.map {
                ($0.snapshot.id, $0.reasons.map(\.description).joined(separator: ", "))
            })
            output.say(SnapshotTable.render(
                group.keep.map(\.snapshot), newestFirst: true, extra: ("Reasons", { reasons[$0.id] ?? "" })))
        }
        if !group.remove.isEmpty {
            output.say("\(dryRun ? "would remove" : "remove") \(group.remove.count) snapshot\(group.remove.count == 1 ? "" : "s"):")
            output.say(SnapshotTable.render(group.remove, newestFirst: true))
        }
    }

    struct GroupJSON: Encodable {
        struct Kept: Encodable {
            var snapshot: SnapshotJSON
            var reasons: [String]
        }

        var group: SnapshotGroupKey
        var keep: [Kept]
        var remove: [SnapshotJSON]

        init(_ plan: ForgetGroupPlan) {
            group = plan.key
            keep = plan.keep.map { Kept(snapshot: SnapshotJSON($0.snapshot), reasons: $0.reasons.map(\.description)) }
            remove = plan.remove.map(SnapshotJSON.init)
        }
    }
}

/// A `--keep-…` count: a non-negative number or `unlimited`.
struct KeepCount: ExpressibleByArgument {
    var value: Int

    init?(argument: String) {
        if argument == "unlimited" {
            value = ForgetPolicy.unlimited
        } else if let n = Int(argument), n >= 0 {
            value = n
        } else {
            return nil
        }
    }
}
