import AeroVault
import ArchiveStore
import ArgumentParser
import Foundation

/// `aerovault snapshots`: lists snapshots like `restic snapshots`.
struct SnapshotsCommand: RepositoryCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshots",
        abstract: "List snapshots.",
        discussion: """
            Columns: short id, time (local time zone), host, scope (the namespace, then every filter the \
            backup applied: sets=, bins=, partitions=, modified-after=, modified-before=, no-ttl-only; a \
            bare namespace is the whole namespace), kind (full or incremental), live records, and bytes of \
            records the snapshot itself added. 'latest' never picks a partial snapshot silently. Wherever a \
            command takes a snapshot id, it also accepts a unique prefix (at least 4 hex characters) \
            or "latest". A snapshot file that cannot be read is skipped with a warning naming it, and \
            the exit status is then 3 (`aerovault check` reports it too).

            \(ExitStatus.helpText)
            """)
    static var lockMode: LockMode { .none }

    @OptionGroup var repositoryOptions: RepositoryOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var noLock: NoLockOptions
    var readOnly: Bool { noLock.enabled }
    @OptionGroup var filterOptions: SnapshotFilterOptions

    func run(in context: CommandContext) async throws {
        // One damaged or junk file must not hide the others: it is named and the exit status is 3.
        let (snapshots, unreadable) = try await context.repository.readableSnapshotSummaries(matching: filterOptions.filter)
        SnapshotCache.update(context.repository, seen: snapshots.map(\.id), output: output)
        let skipped = SkippedSnapshots(json: output.json)
        skipped.record(unreadable)
        if output.json {
            try output.emit(snapshots.map(SnapshotJSON.init))
        } else {
            output.say(SnapshotTable.render(snapshots))
            output.say("\(snapshots.count) snapshot\(snapshots.count == 1 ? "" : "s")")
        }
        try skipped.finish()
    }
}

/// `--tag`, `--namespace`, `--host`: which snapshots a command considers.
struct SnapshotFilterOptions: ParsableArguments {
    @Option(name: .customLong("tag"), help: ArgumentHelp(
        "Only snapshots with all these tags (comma-separated; repeat for alternatives).", valueName: "tag[,tag…]"))
    var tags: [String] = []

    @Option(name: .customLong("namespace"), help: "Only snapshots of this namespace (repeatable).")
    var namespaces: [String] = []

    @Option(name: .customLong("host"), help: "Only snapshots taken on this host (repeatable).")
    var hosts: [String] = []

    var filter: SnapshotFilter {
        SnapshotFilter(tags: tags.map(TagList.parse), namespaces: namespaces, hosts: hosts)
    }
}

/// Comma-separated tag lists (`a,b`).
enum TagList {
    static func parse(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// The `--json` form of a snapshot (stable schema, snake_case).
struct SnapshotJSON: Encodable {
    var id: String
    var short_id: String
    var time: Date
    var host: String
    var tags: [String]
    var parent: String?
    var cluster: String
    var namespace: String
    var sets: [String]
    /// The scope as text (`test sets=users partitions=0-99`), whether it is the whole namespace, and
    /// the cluster's node identities (absent for snapshots written before they were recorded).
    var scope: String
    var whole: Bool
    var cluster_nodes: [String]?
    var kind: String
    var records: UInt64
    var bytes_added: UInt64

    init(_ s: SnapshotSummary) {
        id = s.id.hex
        short_id = s.id.short
        time = s.time
        host = s.host
        tags = s.tags
        parent = s.parent?.hex
        cluster = s.cluster
        namespace = s.namespace
        sets = s.sets
        scope = s.scope.description
        whole = s.scope.isWhole
        cluster_nodes = s.clusterNodes
        kind = s.kind
        records = s.records
        bytes_added = s.bytes
    }
}

/// Text tables and sizes shared by the snapshot management commands.
enum SnapshotTable {
    static let timeFormat: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        formatter.timeZone = .current
        return formatter
    }()

    static func time(_ date: Date) -> String { timeFormat.string(from: date) }

    /// The scope column (SPEC.md §9 "Scope"): `test` for a whole namespace, else its filters.
    static func scope(_ s: SnapshotSummary) -> String { s.scope.description }

    /// One row per snapshot (oldest first, or newest first like forget's lists), with an optional
    /// extra column (e.g. forget's reasons).
    static func render(
        _ snapshots: [SnapshotSummary], newestFirst: Bool = false,
        extra: (title: String, value: (SnapshotSummary) -> String)? = nil
    ) -> String {
        var rows = [["ID", "Time", "Host", "Scope", "Kind", "Records", "Size", "Tags"] + (extra.map { [$0.title] } ?? [])]
        let ordered = snapshots.sorted(by: { ($0.time, $0.id) < ($1.time, $1.id) })
        for s in newestFirst ? ordered.reversed() : ordered {
            rows.append([s.id.short, time(s.time), s.host, scope(s), s.kind, "\(s.records)", bytes(s.bytes),
                         s.tags.joined(separator: ",")] + (extra.map { [$0.value(s)] } ?? []))
        }
        return columns(rows, rightAligned: [5, 6])
    }

    /// Aligns columns; draws a rule under the header.
    static func columns(_ rows: [[String]], rightAligned: Set<Int> = []) -> String {
        guard let header = rows.first else { return "" }
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        func line(_ row: [String]) -> String {
            row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
                return rightAligned.contains(i) ? pad + cell : (i == row.count - 1 ? cell : cell + pad)
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        let rule = String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1))
        return ([line(header), rule] + rows.dropFirst().map(line) + [rule]).joined(separator: "\n")
    }

    /// `1.5 MiB`-style sizes.
    static func bytes(_ count: some BinaryInteger) -> String {
        var value = Double(count)
        for unit in ["B", "KiB", "MiB", "GiB", "TiB"] {
            if value < 1024 || unit == "TiB" {
                return unit == "B" ? "\(Int(value)) B" : String(format: "%.1f", value) + " " + unit
            }
            value /= 1024
        }
        return "\(count) B"
    }
}
