import AeroVault
import ArchiveStore
import Foundation

// How the snapshot management commands (snapshots, forget, prune, stats, diff) show a list of
// snapshots: as a text table, or as JSON objects with `--json`.

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

    /// The audit column (SPEC.md §9 "Audit"): `alice, key 1a2b3c4d (backup)`; the user alone for
    /// snapshots written before keys were recorded.
    static func writer(_ s: SnapshotSummary) -> String {
        guard let key = s.keyID else { return s.username }
        return "\(s.username), key \(key.short) (\(s.keyRole ?? "?"))"
    }

    /// One row per snapshot (oldest first, or newest first like forget's lists), with an optional
    /// extra column (e.g. forget's reasons).
    static func render(
        _ snapshots: [SnapshotSummary], newestFirst: Bool = false,
        extra: (title: String, value: (SnapshotSummary) -> String)? = nil
    ) -> String {
        var rows = [
            ["ID", "Time", "Host", "Scope", "Kind", "Records", "Size", "Written by", "Tags"] + (extra.map { [$0.title] } ?? [])
        ]
        let ordered = snapshots.sorted(by: { ($0.time, $0.id) < ($1.time, $1.id) })
        for s in newestFirst ? ordered.reversed() : ordered {
            rows.append([s.id.short, time(s.time), s.host, scope(s), s.kind, "\(s.records)", bytes(s.bytes), writer(s),
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
    /// Who wrote it (SPEC.md §9 "Audit"); the key fields are absent for snapshots written before they were recorded.
    var username: String
    var key_id: String?
    var key_role: String?

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
        username = s.username
        key_id = s.keyID?.hex
        key_role = s.keyRole
    }
}
