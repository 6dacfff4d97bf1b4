import Foundation

/// Polls `condition` every `interval` until it holds or `timeout` has passed; returns whether it held.
/// For tests that watch another process or the file system: a bounded wait on a condition, never a
/// fixed sleep that hopes the other side has got somewhere.
func waitUntil(
    timeout: Duration = .seconds(60), interval: Duration = .milliseconds(20), _ condition: () throws -> Bool
) async throws -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    while try !condition() {
        guard clock.now < deadline else { return try condition() }
        try await Task.sleep(for: interval)
    }
    return true
}
