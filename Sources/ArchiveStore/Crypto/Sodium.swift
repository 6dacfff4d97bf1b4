internal import CSodium

/// Thin wrappers over the few libsodium calls that are not tied to one format.
///
/// `sodium_init()` runs once, lazily, the first time any wrapper is used; Swift globals are
/// initialized exactly once and thread-safely, so every entry point just touches ``ready``.
enum Sodium {
    /// Initializes libsodium on first use. `sodium_init` returns 1 when already initialized.
    static let ready: Bool = {
        sodium_init() >= 0
    }()

    /// Fills a new array with `count` bytes from libsodium's CSPRNG.
    static func randomBytes(_ count: Int) -> [UInt8] {
        precondition(ready, "libsodium failed to initialize")
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { randombytes_buf(base, buffer.count) }
        }
        return out
    }

    /// Overwrites memory with zeros in a way the compiler will not elide.
    static func zero(_ buffer: UnsafeMutableRawBufferPointer) {
        if let base = buffer.baseAddress { sodium_memzero(base, buffer.count) }
    }

    /// Overwrites an array's storage with zeros (used for transient secrets such as derived keys).
    static func zero(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { zero($0) }
    }

    /// Constant-time comparison of two equal-length byte strings.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return a.withUnsafeBytes { pa in
            b.withUnsafeBytes { pb in sodium_memcmp(pa.baseAddress!, pb.baseAddress!, a.count) == 0 }
        }
    }
}
