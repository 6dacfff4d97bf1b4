/// The envelope of every sealed metadata file (config body, index, snapshot, lock) and pack header:
/// plaintext = format version (1 byte) ‖ body, sealed with the metadata key and associated data
/// `"aerovault/" + kind` so a file cannot be replayed as another kind. See SPEC.md §6 "Sealed files".
enum SealedFile {
    static func associatedData(_ label: String) -> [UInt8] { Array("aerovault/\(label)".utf8) }

    /// Seals `body` prefixed with `version`.
    static func seal(_ body: [UInt8], version: UInt8, label: String, sealer: Sealer) throws -> [UInt8] {
        try sealer.seal([version] + body, purpose: .metadata, associatedData: associatedData(label))
    }

    /// Opens a sealed file and checks its version byte.
    /// - Parameter what: the file's path for messages (e.g. `index/3fa9…`).
    /// - Throws: `.corrupted` naming `what` if authentication fails or it is empty;
    ///   `.unsupportedFormatVersion` if its version is not readable by this build.
    static func open(
        _ sealed: [UInt8], label: String, what: String, sealer: Sealer, maxVersion: UInt8 = 1
    ) throws -> (version: UInt8, body: [UInt8]) {
        let plaintext: [UInt8]
        do {
            plaintext = try sealer.open(sealed, purpose: .metadata, associatedData: associatedData(label))
        } catch let error as ArchiveStoreError where error.code == .corrupted {
            throw ArchiveStoreError(
                .corrupted, "\(what) is damaged or was modified (authentication failed)", cause: error)
        }
        guard let version = plaintext.first else {
            throw ArchiveStoreError(.corrupted, "\(what) is empty after decryption")
        }
        guard version >= 1, version <= maxVersion else {
            throw ArchiveStoreError(
                .unsupportedFormatVersion,
                "\(what) has format version \(version), this build reads 1...\(maxVersion); upgrade aerovault")
        }
        return (version, Array(plaintext.dropFirst()))
    }

    /// Checks that a content-addressed file's bytes hash to its name.
    /// - Throws: `.corrupted` naming the file when they do not (bit flip, truncation, swapped file).
    static func verifyName(_ bytes: [UInt8], kind: FileKind, name: String) throws {
        guard FileHash.id(of: bytes).hex == name.lowercased() else {
            throw ArchiveStoreError(
                .corrupted,
                "\(kind.path(of: name)) does not match its name (\(bytes.count) bytes): the file is damaged, "
                    + "truncated or was replaced")
        }
    }
}
