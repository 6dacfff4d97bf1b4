import Foundation

/// Parsed options of one run.
struct BenchOptions {
    var quick: Bool
    var records: Int
    /// Section 6's scale points (records), ascending.
    var scaleRecords: [Int]
    var seed: UInt64
    var sections: Set<String>
    var aerovaultBinary: String?
    var workDirectory: URL
    var command: String
    var profile: Bool

    /// Whether section `n` was asked for.
    func wants(_ n: String) -> Bool { sections.contains(n) }
}
