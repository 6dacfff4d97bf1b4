import Foundation

/// Parsed options of one run.
struct BenchOptions {
    var quick: Bool
    var records: Int
    var seed: UInt64
    var sections: Set<String>
    var aerovaultBinary: String?
    var workDirectory: URL
    var command: String
    var profile: Bool

    /// Whether section `n` was asked for.
    func wants(_ n: String) -> Bool { sections.contains(n) }
}
