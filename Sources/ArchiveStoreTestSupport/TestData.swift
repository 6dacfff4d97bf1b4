import Foundation

/// Deterministic test inputs and scratch directories.
public enum TestData {
    /// `count` pseudo-random bytes from a ``SeededGenerator`` seeded with `seed`: the same seed always
    /// gives the same bytes.
    public static func bytes(seed: UInt64, count: Int) -> [UInt8] {
        var generator = SeededGenerator(seed: seed)
        return generator.bytes(count)
    }

    /// A fresh empty directory under the system temp directory; the caller removes it.
    public static func temporaryDirectory(_ label: String = "repo") throws -> String {
        let path = NSTemporaryDirectory() + "aerovault-test-\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
