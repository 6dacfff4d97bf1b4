import AeroVault
import ArgumentParser

/// `--bin-list`, `--partitions` and `--partition-list`: which bins and partitions a command touches;
/// shared by `backup`, `restore` and `verify` (SPEC.md §14).
struct RecordScopeOptions: ParsableArguments {
    @Option(
        name: [.customLong("bin-list"), .customShort("B")],
        help: ArgumentHelp("Only these bins, comma-separated (default: all bins).", valueName: "bins"))
    var binList: String?

    @Option(help: ArgumentHelp("Partition range A-B, inclusive (default: 0-4095).", valueName: "A-B"))
    var partitions: String?

    @Option(help: ArgumentHelp("Partition ids and ranges, comma-separated (e.g. 1,5,9-12).", valueName: "list"))
    var partitionList: String?

    mutating func validate() throws {
        if partitions != nil, partitionList != nil { throw ValidationError("give --partitions or --partition-list, not both") }
        _ = try partitionSelection()
    }

    /// The bin names of `--bin-list`; nil = all bins.
    func binNames() -> [String]? {
        binList.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
    }

    /// The partitions of `--partitions` or `--partition-list`; nil = all 4096.
    func partitionSelection() throws -> PartitionSelection? {
        do {
            if let partitions { return try PartitionSelection(range: partitions) }
            if let partitionList { return try PartitionSelection(list: partitionList) }
            return nil
        } catch let error as AeroVaultError {
            throw ValidationError(error.message)
        }
    }

    /// The selected partition ids; nil = all 4096.
    func partitionIDs() throws -> [Int]? { try partitionSelection()?.ids }
}
