import AerospikeWire
import Foundation

/// Which of the namespace's 4096 partitions a backup covers.
public struct PartitionSelection: Equatable, Sendable, CustomStringConvertible {
    /// Every partition, 0-4095 (``Digest/partitionCount``, SPEC.md §12.3).
    public static let all = PartitionSelection(sortedIDs: Array(0..<Digest.partitionCount))

    /// Partition ids, ascending, without duplicates.
    public let ids: [Int]

    private init(sortedIDs: [Int]) { self.ids = sortedIDs }

    /// Selects `ids`; throws if any is outside 0-4095 or the list is empty.
    public init(ids: [Int]) throws {
        guard !ids.isEmpty else { throw AeroVaultError(.invalidArgument, "the partition list is empty") }
        for id in ids where !(0..<Digest.partitionCount).contains(id) {
            throw AeroVaultError(.invalidArgument, "partition \(id) is out of range; partitions are 0-4095")
        }
        self.ids = Array(Set(ids)).sorted()
    }

    /// Parses a range `A-B` (inclusive) or a single id, as given to `--partitions`.
    public init(range text: String) throws {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2,
            let low = Int(parts[0].trimmingCharacters(in: .whitespaces)),
            let last = parts.last, let high = Int(last.trimmingCharacters(in: .whitespaces))
        else {
            throw AeroVaultError(.invalidArgument, "cannot read partition range '\(text)'; use e.g. 0-2047")
        }
        guard low <= high else {
            throw AeroVaultError(.invalidArgument, "partition range '\(text)' is empty: \(low) > \(high)")
        }
        // Bounds before the ids exist: `0-99999999999` must be an error, not a huge allocation (a fuzz
        // finding, docs/fuzzing.md).
        for id in [low, high] where !(0..<Digest.partitionCount).contains(id) {
            throw AeroVaultError(.invalidArgument, "partition \(id) is out of range; partitions are 0-4095")
        }
        try self.init(ids: Array(low...high))
    }

    /// Parses a comma-separated list of ids and ranges, as given to `--partition-list` (e.g. `1,5,9-12`).
    public init(list text: String) throws {
        var ids = Set<Int>()  // at most 4096 however many items repeat
        for item in text.split(separator: ",") {
            ids.formUnion(try PartitionSelection(range: String(item)).ids)
        }
        try self.init(ids: Array(ids))
    }

    /// Compact text, e.g. `0-2047` or `1,5,9-12`; used in checkpoint fingerprints and summaries.
    public var description: String {
        var pieces: [String] = []
        var i = 0
        while i < ids.count {
            var j = i
            while j + 1 < ids.count, ids[j + 1] == ids[j] + 1 { j += 1 }
            pieces.append(i == j ? "\(ids[i])" : "\(ids[i])-\(ids[j])")
            i = j + 1
        }
        return pieces.joined(separator: ",")
    }
}
