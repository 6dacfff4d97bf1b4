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

    @OptionGroup var scope: RecordScopeOptions

    mutating func validate() throws {
        _ = try atDate()
    }

    func binNames() -> [String]? { scope.binNames() }

    func partitionIDs() throws -> [Int]? { try scope.partitionIDs() }

    func atDate() throws -> Date? {
        do {
            return try at.map { Date(timeIntervalSince1970: Double(try TimeArgument.parseNanoseconds($0)) / 1e9) }
        } catch let error as AeroVaultError {
            throw ValidationError(error.message)
        }
    }

    /// The chosen snapshot; it must be of `namespace`. Snapshot files `latest` skips because they
    /// cannot be read are named on stderr and kept in `skipped`.
    func select(
        namespace: String, in repository: Repository, skipped: SkippedSnapshots
    ) async throws -> (SnapshotID, Snapshot) {
        let chosen = try await SnapshotSelector.select(
            snapshot, at: try atDate(), namespace: namespace, in: repository, skipped: skipped.record)
        return (chosen.id, chosen.snapshot)
    }
}
