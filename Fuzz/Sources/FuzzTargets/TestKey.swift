@testable import ArchiveStore

/// A fixed master key for the targets behind AEAD: inputs are sealed with it so the decoders after
/// authentication see the fuzzer's bytes. Never a real repository's key.
enum TestKey {
    static let sealer = Sealer(keys: MasterKey(bytes: Array(repeating: 0x5A, count: MasterKey.byteCount)).deriveKeys())

    static func sealed(_ body: [UInt8], label: String) -> [UInt8] {
        try! SealedFile.seal(body, version: 1, label: label, sealer: sealer)
    }
}
