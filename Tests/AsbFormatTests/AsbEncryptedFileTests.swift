import Foundation
import Testing

@testable import AsbFormat

/// asbackup's encrypted files (SPEC.md §18.7), from fixtures made by OpenSSL's command line alone
/// (`Fixtures/encrypted/regenerate.sh`): they read back exactly as the plain corpus, whether the
/// mode is given or found, compressed or not; a wrong key is refused naming the file.
@Suite struct AsbEncryptedFileTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
    static func path(_ name: String) -> String { fixtures + "/" + name }

    static func entries(_ path: String, key: AsbEncryptionKey? = nil) throws -> (AsbHeader, [AsbEntry]) {
        let reader = try AsbFileSource.open(path, key: key)
        let header = try reader.readHeader()
        var entries: [AsbEntry] = []
        while let entry = try reader.next() { entries.append(entry) }
        return (header, entries)
    }

    @Test(arguments: [
        ("encrypted/corpus-aes256.asb", AsbEncryptionKey.Mode.aes256), ("encrypted/corpus-zstd-aes128.asb", .aes128),
    ])
    func encryptedFilesReadAsThePlainCorpus(file: String, mode: AsbEncryptionKey.Mode) throws {
        let plain = try Self.entries(Self.path("corpus.asb"))
        #expect(!plain.1.isEmpty)
        for given in [mode, nil] {
            let key = try AsbEncryptionKey(keyFile: Self.path("encrypted/key.pem"), mode: given)
            let decrypted = try Self.entries(Self.path(file), key: key)
            #expect(decrypted.0 == plain.0 && decrypted.1 == plain.1)
        }
        // A plain file read with a key is read as it is.
        let key = try AsbEncryptionKey(keyFile: Self.path("encrypted/key.pem"), mode: nil)
        #expect(try Self.entries(Self.path("corpus.asb"), key: key).1 == plain.1)
    }

    @Test func aWrongKeyOrNoKeyFileIsRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("asb-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // Another key: the TLS fixtures' client key.
        let other = URL(fileURLWithPath: Self.fixtures).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("AerospikeWireTests/Fixtures/tls/client.key").path
        let wrong = try AsbEncryptionKey(keyFile: other, mode: nil)
        let file = Self.path("encrypted/corpus-aes256.asb")
        #expect(throws: AsbError.self) { _ = try AsbFileSource.open(file, key: wrong) }
        let notAKey = directory.appendingPathComponent("key.pem").path
        try Data("not a key".utf8).write(to: URL(fileURLWithPath: notAKey))
        #expect(throws: AsbError.self) { _ = try AsbEncryptionKey(keyFile: notAKey, mode: nil) }
    }
}
