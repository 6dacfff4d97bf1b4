@testable import ArchiveStore

/// Fixed keys for crypto tests, so failures reproduce.
enum TestKeys {
    static func master(_ fill: UInt8 = 7) -> MasterKey {
        MasterKey(bytes: (0..<32).map { UInt8($0) &+ fill })
    }

    static func keySet(_ fill: UInt8 = 7) -> KeySet {
        master(fill).deriveKeys()
    }
}
