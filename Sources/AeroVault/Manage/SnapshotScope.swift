import ArchiveStore
import Foundation

/// Which records a snapshot holds: its namespace and every filter its backup applied (SPEC.md §9
/// "Scope"). A snapshot is *whole* when it holds the whole namespace; `latest` only picks a partial
/// one when the command asks for no more than it holds (``covers(_:)``).
public struct SnapshotScope: Hashable, Sendable, Codable, CustomStringConvertible {
    public var namespace: String
    /// Sorted; empty = every set.
    public var sets: [String]
    /// Sorted; empty = every bin.
    public var bins: [String]
    /// Compact partition list (`0-99,200`); nil = all 4096.
    public var partitions: String?
    public var modifiedAfter: Int64?
    public var modifiedBefore: Int64?
    public var noTTLOnly: Bool
    /// What asbackup's content flags left out or capped (`backup --no-records`, `--no-bins`,
    /// `--max-records`, `--filter-exp`); such a snapshot is partial and covers nothing.
    public var content = Content()
    /// JSON keeps the fields it had before ``content`` existed (the content shows in ``description``).
    private enum CodingKeys: String, CodingKey {
        case namespace, sets, bins, partitions, modifiedAfter, modifiedBefore, noTTLOnly, recorded
    }
    /// False for snapshots written before scopes were recorded: their partitions and time/TTL filters
    /// are unknown and taken as whole (only sets and bins were stored then).
    public var recorded: Bool

    /// A scope from its parts (sets and bins are sorted here).
    public init(
        namespace: String, sets: [String] = [], bins: [String] = [], partitions: String? = nil,
        modifiedAfter: Int64? = nil, modifiedBefore: Int64? = nil, noTTLOnly: Bool = false, recorded: Bool = true
    ) {
        self.namespace = namespace
        self.sets = sets.sorted()
        self.bins = bins.sorted()
        self.partitions = partitions == PartitionSelection.all.description ? nil : partitions
        self.modifiedAfter = modifiedAfter
        self.modifiedBefore = modifiedBefore
        self.noTTLOnly = noTTLOnly
        self.recorded = recorded
    }

    /// The scope recorded in `snapshot`.
    public init(_ snapshot: Snapshot) {
        let fields = snapshot.scope
        self.init(
            namespace: snapshot.namespace, sets: snapshot.sets, bins: snapshot.binFilter,
            partitions: fields?.partitions, modifiedAfter: fields?.modifiedAfter, modifiedBefore: fields?.modifiedBefore,
            noTTLOnly: fields?.noTTLOnly ?? false, recorded: fields != nil)
        content = Content(
            noRecords: fields?.noRecords ?? false, noBins: fields?.noBins ?? false, maxRecords: fields?.maxRecords,
            filterExpression: fields?.filterExpression)
    }

    /// asbackup's content flags as recorded in a snapshot's scope (SPEC.md §9 "Scope").
    public struct Content: Hashable, Sendable {
        public var noRecords = false
        public var noBins = false
        public var maxRecords: Int64?
        /// Base64 of the expression's wire form.
        public var filterExpression: String?

        public init(noRecords: Bool = false, noBins: Bool = false, maxRecords: Int64? = nil, filterExpression: String? = nil) {
            self.noRecords = noRecords
            self.noBins = noBins
            self.maxRecords = maxRecords
            self.filterExpression = filterExpression
        }

        /// No content flag was given.
        public var isEmpty: Bool { self == Content() }

        /// `no-records`, `no-bins`, `max-records=N`, `filter-exp=…` for the flags given.
        var words: [String] {
            var parts: [String] = []
            if noRecords { parts.append("no-records") }
            if noBins { parts.append("no-bins") }
            if let maxRecords { parts.append("max-records=\(maxRecords)") }
            if let filterExpression { parts.append("filter-exp=\(filterExpression)") }
            return parts
        }
    }

    /// True when the snapshot holds every record of its namespace.
    public var isWhole: Bool {
        sets.isEmpty && bins.isEmpty && partitions == nil && modifiedAfter == nil && modifiedBefore == nil && !noTTLOnly
            && content.isEmpty
    }

    /// What a restore or verify asks for: sets (empty = all), bins (nil = all), partitions (nil = all).
    public struct Request: Sendable, Equatable {
        public var sets: [String]
        public var bins: [String]?
        public var partitions: [Int]?

        public init(sets: [String] = [], bins: [String]? = nil, partitions: [Int]? = nil) {
            self.sets = sets
            self.bins = bins
            self.partitions = partitions
        }

        /// The whole namespace.
        public static let whole = Request()
    }

    /// True when every record `request` asks for is in this scope. Time and TTL filters and asbackup's
    /// content flags cannot be asked for by restore or verify, so a snapshot taken with them covers
    /// nothing (pick it by id).
    public func covers(_ request: Request) -> Bool {
        guard modifiedAfter == nil, modifiedBefore == nil, !noTTLOnly, content.isEmpty else { return false }
        if !sets.isEmpty, request.sets.isEmpty || !Set(request.sets).isSubset(of: sets) { return false }
        if !bins.isEmpty {
            guard let wanted = request.bins, Set(wanted).isSubset(of: bins) else { return false }
        }
        if let partitions {
            guard let wanted = request.partitions, let held = try? PartitionSelection(list: partitions),
                Set(wanted).isSubset(of: held.ids)
            else { return false }
        }
        return true
    }

    /// `test` for a whole namespace, else `test` followed by each filter, e.g.
    /// `test sets=users partitions=0-99 no-ttl-only`.
    public var description: String {
        var parts = [namespace]
        if !sets.isEmpty { parts.append("sets=\(sets.joined(separator: ","))") }
        if !bins.isEmpty { parts.append("bins=\(bins.joined(separator: ","))") }
        if let partitions { parts.append("partitions=\(partitions)") }
        if let modifiedAfter { parts.append("modified-after=\(Self.format(modifiedAfter))") }
        if let modifiedBefore { parts.append("modified-before=\(Self.format(modifiedBefore))") }
        if noTTLOnly { parts.append("no-ttl-only") }
        parts += content.words
        return parts.joined(separator: " ")
    }

    /// `whole` or `partial`, as listed by `snapshots`.
    public var kind: String { isWhole ? "whole" : "partial" }

    private static func format(_ nanoseconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: Double(nanoseconds) / 1e9))
    }
}
