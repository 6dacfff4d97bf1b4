/// `--worker I/N --run-id NAME`: this process backs up one share of a many-worker run (SPEC.md §14
/// "backup", "Workers"). The share is the same ``WorkerShare`` split that `restore --worker` uses.
public struct BackupWorker: Sendable, Equatable {
    public let runID: String
    public let share: WorkerShare

    /// - Throws: `.invalidArgument` unless `runID` is 1–128 of `A-Z a-z 0-9 . _ : -`.
    public init(runID: String, share: WorkerShare) throws {
        try Self.checkRunID(runID)
        self.runID = runID
        self.share = share
    }

    /// Refuses run ids that are empty, longer than 128 characters or use other characters.
    public static func checkRunID(_ runID: String) throws {
        let allowed = runID.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || ".-_:".unicodeScalars.contains(scalar))
        }
        guard (1...128).contains(runID.count), allowed else {
            throw AeroVaultError(
                .invalidArgument, "--run-id '\(runID)': use 1 to 128 letters, digits and . _ : - (e.g. nightly-2026-11-25)")
        }
    }
}
