/// `restore --wait` (asrestore's, SPEC.md §14 "restore"): polls every node's `sindex/NS/NAME` until
/// each recreated secondary index reports `load_pct=100` on all of them.
struct IndexBuildWaiter {
    let target: any RestoreTarget
    let namespace: String
    let interval: Duration

    /// Waits until every index in `names` is built on every node; returns a warning for each index
    /// whose state a node cannot tell (an error answer, or no `load_pct`), which is then not waited
    /// for. Throws `CancellationError` when cancelled (Ctrl-C).
    func wait(for names: [String]) async throws -> [String] {
        var pending = names
        var warnings: [String] = []
        while !pending.isEmpty {
            var building: [String] = []
            for name in pending {
                let command = "sindex/\(namespace)/\(name)"
                let percents = try await target.runInfoOnEveryNode(command).map(Self.loadPercent)
                if percents.contains(nil) {
                    warnings.append("cannot tell whether secondary index \(name) is built (\(command)); not waiting for it")
                } else if percents.contains(where: { ($0 ?? 0) < 100 }) {
                    building.append(name)
                }
            }
            pending = building
            if !pending.isEmpty { try await Task.sleep(for: interval) }
        }
        return warnings
    }

    /// `load_pct` of a `sindex/NS/NAME` answer (`key=value` pairs joined by `;` or `:`); nil when absent.
    static func loadPercent(_ answer: String) -> Int? {
        for pair in answer.split(whereSeparator: { $0 == ";" || $0 == ":" }) {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0] == "load_pct" { return Int(parts[1]) }
        }
        return nil
    }
}
