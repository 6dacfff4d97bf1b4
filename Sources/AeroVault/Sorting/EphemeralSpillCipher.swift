import ArchiveStore

/// Seals sort spill blocks with a random key that exists only in this process's memory.
///
/// The key is generated per backup and never written anywhere, so spill files left behind by a crash
/// are unreadable noise. Compression level 1: spill blocks are short-lived.
struct EphemeralSpillCipher: SpillCipher {
    private let sealer: Sealer

    init() {
        sealer = Sealer(keys: MasterKey.generate().deriveKeys(), compressionLevel: 1)
    }

    func seal(_ plaintext: [UInt8], associatedData: [UInt8]) throws -> [UInt8] {
        try sealer.seal(plaintext, purpose: .data, associatedData: associatedData)
    }

    func open(_ sealed: [UInt8], associatedData: [UInt8]) throws -> [UInt8] {
        do {
            return try sealer.open(sealed, purpose: .data, associatedData: associatedData)
        } catch {
            throw BackupError(.corrupted, "a temporary sort spill block failed its integrity check", cause: error)
        }
    }
}
