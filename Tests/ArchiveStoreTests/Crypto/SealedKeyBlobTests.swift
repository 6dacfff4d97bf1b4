import ArchiveStoreTestSupport
import Testing
@testable import ArchiveStore

/// Sealed blobs of version 2 (SPEC.md §4): a backup session's data blobs carry a per-blob key sealed to
/// the repository's public key; only a session holding the secret key opens them.
@Suite struct SealedKeyBlobTests {
    let admin = Sealer(keys: TestKeys.keySet())
    let backup = Sealer(keys: KeySet(backupMaterial: TestKeys.keySet().backupMaterial()))
    let ad: [UInt8] = Array(repeating: 0xCD, count: 32)

    static func code(_ body: () throws -> Void) -> ArchiveStoreError.Code? {
        do {
            try body()
            return nil
        } catch {
            return (error as? ArchiveStoreError)?.code
        }
    }

    @Test(arguments: [0, 1, 1000, 64 * 1024, 200_000])
    func backupSealsDataOnlyTheSecretKeyOpens(size: Int) throws {
        var rng = SeededGenerator(seed: UInt64(size) + 11)
        let plaintext = rng.bytes(size)
        let sealed = try backup.seal(plaintext, purpose: .data, associatedData: ad)
        #expect(sealed[0] == Sealer.sealedKeyVersion)
        #expect(sealed.count == Sealer.sealedLength(payloadLength: size, sealedKey: true))
        #expect(try admin.open(sealed, purpose: .data, associatedData: ad) == plaintext)
        // The writer itself cannot read it back, nor data sealed with the data key.
        #expect(Self.code { _ = try backup.open(sealed, purpose: .data, associatedData: ad) } == .roleRefused)
        let old = try admin.seal(plaintext, purpose: .data, associatedData: ad)
        #expect(old[0] == Sealer.formatVersion)
        #expect(Self.code { _ = try backup.open(old, purpose: .data, associatedData: ad) } == .roleRefused)
        // Each blob has its own key: the same plaintext seals to different bytes.
        #expect(try backup.seal(plaintext, purpose: .data, associatedData: ad) != sealed)
    }

    @Test func metadataIsSharedByEveryRole() throws {
        let plaintext = Array("snapshot manifest".utf8)
        let byBackup = try backup.seal(plaintext, purpose: .metadata, associatedData: ad)
        #expect(byBackup[0] == Sealer.formatVersion)
        #expect(try admin.open(byBackup, purpose: .metadata, associatedData: ad) == plaintext)
        let byAdmin = try admin.seal(plaintext, purpose: .metadata, associatedData: ad)
        #expect(try backup.open(byAdmin, purpose: .metadata, associatedData: ad) == plaintext)
    }

    @Test func tamperingAndMisuseAreCorrupted() throws {
        let sealed = try backup.seal(Array(repeating: 7, count: 500), purpose: .data, associatedData: ad)
        for index in [0, 1, 5, 10, 50, 89, 90, 100, sealed.count - 1] {
            var bad = sealed
            bad[index] ^= 0x10
            let code = Self.code { _ = try admin.open(bad, purpose: .data, associatedData: ad) }
            #expect(code == .corrupted || (index == 0 && code == .unsupportedFormatVersion), "byte \(index): \(String(describing: code))")
        }
        #expect(Self.code { _ = try admin.open(sealed, purpose: .data, associatedData: [1]) } == .corrupted)
        #expect(Self.code { _ = try admin.open(sealed, purpose: .metadata, associatedData: ad) } == .corrupted)
        // Another repository's key pair cannot open it.
        let other = Sealer(keys: TestKeys.keySet(9))
        #expect(Self.code { _ = try other.open(sealed, purpose: .data, associatedData: ad) } == .corrupted)
        #expect(Self.code { _ = try admin.open(Array(sealed.prefix(100)), purpose: .data, associatedData: ad) } == .corrupted)
    }

    /// Backup material holds the chunk-id, metadata and chunker keys and the public key — nothing else.
    @Test func backupMaterialHasNoDataOrSecretKey() {
        let full = TestKeys.keySet()
        let keys = KeySet(backupMaterial: full.backupMaterial())
        #expect(keys.dataKey == nil && keys.secretKey == nil && !keys.canReadRecordData)
        #expect(full.canReadRecordData)
        #expect(keys.chunkIDKey.copiedBytes == full.chunkIDKey.copiedBytes)
        #expect(keys.metadataKey.copiedBytes == full.metadataKey.copiedBytes)
        #expect(keys.chunkerKey.copiedBytes == full.chunkerKey.copiedBytes)
        #expect(keys.publicKey == full.publicKey)
        let material = full.backupMaterial().copiedBytes
        for secret in [full.dataKey!.copiedBytes, full.secretKey!.copiedBytes, TestKeys.master().secret.copiedBytes] {
            #expect(!stride(from: 0, to: material.count, by: 32).contains { Array(material[$0..<$0 + 32]) == secret })
        }
    }
}
