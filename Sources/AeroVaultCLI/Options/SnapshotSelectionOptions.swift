import AeroVault
import ArchiveStore
import ArgumentParser
import Foundation

/// Snapshot choice and record filters shared by `restore` and `verify`.
struct SnapshotSelectionOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Snapshot id, unique id prefix, or 'latest'.", valueName: "snapshot"))
    var snapshot: String

    @Option(help: ArgumentHelp("With 'latest': the newest snapshot taken at or before this time.", valueName: "time"))
    var at: String?

    @Option(help: ArgumentHelp("Only these bins, comma-separated (default: all bins).", valueName: "bins"))
    var binList: String?

    @Option(help: ArgumentHelp("Partition range A-B, inclusive (default: 0-4095).", valueName: "A-B"))
    var partitions: String?

    @Option(help: ArgumentHelp("Partition ids and ranges, comma-separated (e.g. 1,5,9-12).", valueName: "list"))
    var partitionList: String?

    mutating func validate() throws {
        if partitions != nil, partitionList != nil { throw ValidationError("give --partitions or --partition-list, not both") }
        _ = try partitionIDs()
        _ = try atDate()
    }

    func binNames() throws -> [String]? {
        binList.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
    }

    func partitionIDs() throws -> [Int]? {
        do {
            if let partitions { return try PartitionSelection(range: partitions).ids }
            if let partitionList { return try PartitionSelection(list: partitionList).ids }
            return nil
        } catch let error as AeroVaultError {
            throw ValidationError(error.message)
        }
    }

    func atDate() throws -> Date? {
        do {
            return try at.map { Date(timeIntervalSince1970: Double(try TimeArgument.parseNanoseconds($0)) / 1e9) }
        } catch let error as AeroVaultError {
            throw ValidationError(error.message)
        }
    }

    /// The chosen snapshot; it must be of `namespace`.
    func select(namespace: String, in repository: Repository) async throws -> (SnapshotID, Snapshot) {
        let chosen = try await SnapshotSelector.select(snapshot, at: try atDate(), namespace: namespace, in: repository)
        return (chosen.id, chosen.snapshot)
    }
}
