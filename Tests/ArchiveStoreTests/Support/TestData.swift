import Foundation

/// Deterministic test inputs: the same seed always gives the same bytes.
enum TestData {
    /// `count` pseudo-random bytes from a ``SeededGenerator`` seeded with `seed`.
    static func bytes(seed: UInt64, count: Int) -> [UInt8] {
        var generator = SeededGenerator(seed: seed)
        return generator.bytes(count)
    }

    /// A fresh empty directory under the system temp directory.
    static func temporaryDirectory(_ label: String = "repo") throws -> String {
        let path = NSTemporaryDirectory() + "aerovault-test-\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
