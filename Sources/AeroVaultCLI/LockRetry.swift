import ArchiveStore
import Foundation

extension Repository {
    /// Takes the lock like ``lock(exclusive:refreshInterval:)``; while another process holds a
    /// conflicting lock, tries again until `patience` has passed (restic's `--retry-lock`, SPEC.md §10),
    /// waiting 0.5 s, then twice as long each time up to 10 s. Says once on stderr that it waits.
    /// - Throws: `.locked` once `patience` is spent (nil: at the first refusal).
    func lock(exclusive: Bool, retryingFor patience: Duration?, quiet: Bool) async throws -> RepositoryLock {
        guard let patience else { return try await lock(exclusive: exclusive) }
        let clock = ContinuousClock()
        let deadline = clock.now + patience
        var delay = Duration.milliseconds(500)
        var announced = false
        while true {
            do {
                return try await lock(exclusive: exclusive)
            } catch let error as ArchiveStoreError where error.code == .locked {
                let left = deadline - clock.now
                guard left > .zero else {
                    throw ArchiveStoreError(
                        .locked, "\(error.message) (still locked after --retry-lock \(DurationArgument.describe(patience)))")
                }
                if !announced, !quiet {
                    FileHandle.standardError.write(Data(
                        "aerovault: repository is locked; retrying for up to \(DurationArgument.describe(patience))\n".utf8))
                    announced = true
                }
                try await Task.sleep(for: min(delay, left))
                delay = min(delay * 2, .seconds(10))
            }
        }
    }
}
