import Foundation

/// Deterministic test inputs: the same seed always gives the same bytes.
enum TestData {
    /// `count` pseudo-random bytes from a SplitMix64 stream seeded with `seed`.
    static func bytes(seed: UInt64, count: Int) -> [UInt8] {
        var rng = SplitMix64(seed: seed)
        var out = [UInt8]()
        out.reserveCapacity(count + 8)
        while out.count < count {
            withUnsafeBytes(of: rng.next().littleEndian) { out.append(contentsOf: $0) }
        }
        return Array(out.prefix(count))
    }

    /// A fresh empty directory under the system temp directory.
    static func temporaryDirectory(_ label: String = "repo") throws -> String {
        let path = NSTemporaryDirectory() + "aerovault-test-\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// Small, fast, seedable generator (not for cryptography).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
