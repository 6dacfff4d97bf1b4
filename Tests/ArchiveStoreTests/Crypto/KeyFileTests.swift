import ArchiveStoreTestSupport
import Foundation
import Testing
@testable import ArchiveStore

@Suite struct KeyFileTests {
    let password = Array("correct horse".utf8)
    let created = Date(timeIntervalSince1970: 1_700_000_000.123)

    private func make(
        _ master: MasterKey, role: KeyRole = .admin, password: [UInt8]? = nil, host: String = "backup-1"
    ) throws -> [UInt8] {
        try KeyFile.create(
            masterKey: master, role: role, password: password ?? self.password, parameters: .insecureFastForTesting,
            host: host, username: "ops", created: created)
    }

    @Test func rightPasswordOpens() throws {
        let master = MasterKey.generate()
        let file = try make(master)
        let opened = try KeyFile.open(file, password: password)
        #expect(opened.master?.secret.copiedBytes == master.secret.copiedBytes)
    }

    @Test func wrongPasswordIsReported() throws {
        let file = try make(MasterKey.generate())
        for wrong in [Array("correct horsf".utf8), [], password + [0]] {
            #expect { try KeyFile.open(file, password: wrong) } throws: { error in
                (error as? ArchiveStoreError)?.code == .wrongPassword
            }
        }
    }

    @Test func emptyPasswordWorks() throws {
        let master = MasterKey.generate()
        let file = try make(master, password: [])
        #expect(try KeyFile.open(file, password: []).master?.secret.copiedBytes == master.secret.copiedBytes)
    }

    @Test func inspectNeedsNoPassword() throws {
        let file = try make(MasterKey.generate(), host: "héllo-host")
        let info = try KeyFile.inspect(file)
        #expect(info.host == "héllo-host")
        #expect(info.username == "ops")
        #expect(info.kdf == .insecureFastForTesting)
        #expect(abs(info.created.timeIntervalSince(created)) < 0.001)
    }

    @Test func everyFlippedByteIsRejected() throws {
        let file = try make(MasterKey.generate())
        for index in file.indices {
            var bad = file
            bad[index] ^= 0x04
            #expect(throws: ArchiveStoreError.self) { try KeyFile.open(bad, password: password) }
        }
    }

    /// With the checksum recomputed (an attacker can do that), tampering still fails the AEAD tag.
    @Test func tamperWithFixedChecksumStillFails() throws {
        let file = try make(MasterKey.generate())
        let body = file.count - KeyFile.checksumByteCount
        for index in 0..<body where index > 4 {
            var bad = Array(file[..<body])
            bad[index] ^= 0x01
            bad += Blake2b.hash(bad, outputLength: 32)
            #expect(throws: ArchiveStoreError.self) { try KeyFile.open(bad, password: password) }
        }
    }

    @Test func truncatedOrUnknownVersionIsRejected() throws {
        let file = try make(MasterKey.generate())
        for length in stride(from: 0, to: file.count, by: 7) {
            #expect { try KeyFile.inspect(Array(file[..<length])) } throws: { error in
                (error as? ArchiveStoreError)?.code == .corrupted
            }
        }
        var future = file
        future[4] = 3
        #expect { try KeyFile.inspect(future) } throws: { error in
            (error as? ArchiveStoreError)?.code == .unsupportedFormatVersion
        }
    }

    @Test func severalKeyFilesWrapTheSameMasterKey() throws {
        let master = MasterKey.generate()
        let passwords = ["one", "two", "three"].map { Array($0.utf8) }
        let files = try passwords.map { try make(master, password: $0) }
        #expect(Set(files).count == 3)
        for (file, pw) in zip(files, passwords) {
            let opened = try KeyFile.open(file, password: pw)
            #expect(opened.master?.secret.copiedBytes == master.secret.copiedBytes)
            // A key file opened by another password's file gives the same working keys.
            let id = ChunkHasher(keys: opened.keys).id(of: [1, 2, 3])
            #expect(id == ChunkHasher(keys: master.deriveKeys()).id(of: [1, 2, 3]))
        }
        #expect { try KeyFile.open(files[0], password: passwords[1]) } throws: { error in
            (error as? ArchiveStoreError)?.code == .wrongPassword
        }
    }

    /// The byte layout of SPEC.md §3 (version 2).
    @Test func layoutMatchesSpec() throws {
        let file = try make(MasterKey.generate(), role: .restore, host: "abc")
        let h = 3, u = 3
        #expect(file.count == 156 + h + u)
        #expect(Array(file[0..<6]) == [0x41, 0x56, 0x4B, 0x46, 2, 1])
        #expect(Array(file[6..<14]) == [1, 0, 0, 0, 0, 0, 0, 0])  // opsLimit 1
        #expect(Array(file[14..<22]) == [0, 0x20, 0, 0, 0, 0, 0, 0])  // 8192 bytes
        var created = ByteReader(file, offset: 38, context: "t")
        #expect(try created.readUInt64LE() == 1_700_000_000_123)
        #expect(Array(file[46..<48 + h]) == [3, 0] + Array("abc".utf8))
        #expect(Array(file[48 + h..<50 + h + u]) == [3, 0] + Array("ops".utf8))
        #expect(file[50 + h + u] == 3)  // role restore
        #expect(file[51 + h + u] == 1)  // AEAD id
        #expect(Array(file[(124 + h + u)...]) == Blake2b.hash(Array(file[..<(124 + h + u)]), outputLength: 32))
    }

    @Test func roleIsStoredAndReadWithoutPassword() throws {
        let master = MasterKey.generate()
        for role in KeyRole.allCases {
            let file = try make(master, role: role)
            let info = try KeyFile.inspect(file)
            #expect(info.role == role)
            #expect(info.version == 2)
            let opened = try KeyFile.open(file, password: password)
            #expect(opened.role == role)
            // A backup key holds no master key (SPEC.md §3 "Backup keys"), but the same chunk-id key.
            #expect(opened.master?.secret.copiedBytes == (role == .backup ? nil : master.secret.copiedBytes))
            #expect(opened.keys.chunkIDKey.copiedBytes == master.deriveKeys().chunkIDKey.copiedBytes)
            #expect(opened.keys.canReadRecordData == (role != .backup))
        }
    }

    /// An edited role byte is detected: as damage when the checksum is left alone, and as a failed AEAD tag
    /// (the role is associated data) when the attacker recomputes the checksum (SPEC.md §3 "Key file, version 2").
    @Test func editedRoleIsDetected() throws {
        let file = try make(MasterKey.generate(), role: .restore, host: "abc")
        let roleOffset = 50 + 3 + 3
        #expect(file[roleOffset] == KeyRole.restore.rawValue)
        var promoted = file
        promoted[roleOffset] = KeyRole.admin.rawValue
        #expect { try KeyFile.open(promoted, password: password) } throws: { error in
            (error as? ArchiveStoreError)?.code == .corrupted
        }
        let body = file.count - KeyFile.checksumByteCount
        var forged = Array(promoted[..<body])
        forged += Blake2b.hash(forged, outputLength: 32)
        #expect(try KeyFile.inspect(forged).role == .admin)  // structurally valid …
        #expect { try KeyFile.open(forged, password: password) } throws: { error in
            (error as? ArchiveStoreError)?.code == .wrongPassword  // … but the AEAD refuses it
        }
        // A backup key promoted to admin: its wrapped material has the wrong length for an admin key.
        var backup = try make(MasterKey.generate(), role: .backup, host: "abc")
        backup = Array(backup[..<(backup.count - KeyFile.checksumByteCount)])
        backup[roleOffset] = KeyRole.admin.rawValue
        backup += Blake2b.hash(backup, outputLength: 32)
        #expect { try KeyFile.open(backup, password: password) } throws: { error in
            (error as? ArchiveStoreError)?.code == .corrupted
        }
        var unknown = Array(file[..<body])
        unknown[roleOffset] = 9
        unknown += Blake2b.hash(unknown, outputLength: 32)
        #expect { try KeyFile.inspect(unknown) } throws: { error in
            (error as? ArchiveStoreError)?.code == .corrupted
        }
    }

    @Test func rejectsBadParameters() {
        #expect(throws: ArchiveStoreError.self) {
            try KeyFile.create(
                masterKey: MasterKey.generate(), role: .admin, password: [], parameters: KDFParameters(opsLimit: 0, memLimitBytes: 0),
                host: "h", username: "u", created: created)
        }
    }
}
