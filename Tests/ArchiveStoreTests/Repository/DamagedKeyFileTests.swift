import ArchiveStoreTestSupport
import Foundation
import Testing
@testable import ArchiveStore

/// A damaged key file is reported as damage, naming the file; a wrong password stays a wrong
/// password (SPEC.md §3 "Reading", §6 "Opening").
@Suite struct DamagedKeyFileTests {
    /// The only key file, one byte flipped (its name no longer matches its bytes).
    @Test func flippedByteIsDamageNotWrongPassword() async throws {
        let repo = try await TestRepository.make()
        let backend = try #require(repo.backend as? MemoryBackend)
        let key = await repo.keyID.hex
        backend.tamper(.key, name: key) { $0[60] ^= 0x01 }
        let error = await #expect(throws: ArchiveStoreError.self) {
            _ = try await Repository.open(backend: backend, password: TestRepository.password)
        }
        #expect(error?.code == .corrupted)
        #expect(error?.message.contains("keys/\(key)") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("damaged") == true)
    }

    /// Damage that keeps the name valid (the file saved again under its new hash) is caught by the
    /// key file's own checksum.
    @Test func checksumMismatchUnderAValidNameIsDamage() async throws {
        let repo = try await TestRepository.make()
        let backend = try #require(repo.backend as? MemoryBackend)
        let key = await repo.keyID.hex
        var bytes = try await backend.load(.key, name: key)
        bytes[30] ^= 0x80  // inside the salt
        let renamed = FileHash.id(of: bytes).hex
        try await backend.save(.key, name: renamed, bytes: bytes)
        try await backend.remove(.key, name: key)
        let error = await #expect(throws: ArchiveStoreError.self) {
            _ = try await Repository.open(backend: backend, password: TestRepository.password)
        }
        #expect(error?.code == .corrupted)
        #expect(error?.message.contains("keys/\(renamed)") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("checksum") == true, "\(error?.message ?? "")")
    }

    /// With an intact key for another password, the right password of the damaged key cannot be told
    /// from a wrong one: the error says both and names the damaged file; the other key still opens.
    @Test func damagedSecondKeyIsNamedAndIntactKeyStillOpens() async throws {
        let repo = try await TestRepository.make()
        let backend = try #require(repo.backend as? MemoryBackend)
        let second = try await repo.addKey(password: Array("second".utf8), kdf: .insecureFastForTesting)
        backend.tamper(.key, name: second.hex) { $0.removeLast(3) }
        _ = try await Repository.open(backend: backend, password: TestRepository.password)
        let error = await #expect(throws: ArchiveStoreError.self) {
            _ = try await Repository.open(backend: backend, password: Array("second".utf8))
        }
        #expect(error?.code == .corrupted)
        #expect(error?.message.contains("keys/\(second.hex)") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("another key") == true, "\(error?.message ?? "")")
    }

    /// Intact key files and a wrong password: still `.wrongPassword` (exit 12).
    @Test func wrongPasswordWithIntactKeysIsStillWrongPassword() async throws {
        let repo = try await TestRepository.make()
        _ = try await repo.addKey(password: Array("second".utf8), kdf: .insecureFastForTesting)
        let error = await #expect(throws: ArchiveStoreError.self) {
            _ = try await Repository.open(backend: repo.backend, password: Array("nope".utf8))
        }
        #expect(error?.code == .wrongPassword)
        #expect(error?.message.contains("damaged") == false)
    }
}
