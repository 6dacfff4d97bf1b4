internal import CSodium
import Foundation

/// Encodes and opens key files: the master key wrapped under a password (SPEC.md §3).
///
/// Layout (version 2): magic "AVKF", version, KDF id, Argon2id cost, salt, creation time, host,
/// user name, role, AEAD id, nonce, wrapped key material (XChaCha20-Poly1305 with every preceding byte
/// as associated data, so the role is authenticated) — the master key for admin and restore keys, only
/// the backup key material (``KeySet/backupMaterial()``) for backup keys — then an unkeyed BLAKE2b-256 checksum of
/// everything before it. Version 1 is the same without the role byte and is read as an admin key.
/// The checksum separates accidental damage (`.corrupted`) from a wrong password
/// (`.wrongPassword`); the AEAD tag is what actually authenticates the file.
public enum KeyFile {
    /// What a key file opens to (SPEC.md §3 "Roles").
    public struct OpenedKey: Sendable {
        /// The master key; nil for a backup key, which never holds it.
        public let master: MasterKey?
        /// The session's working keys (no data key and no secret key for a backup key).
        public let keys: KeySet
        public let role: KeyRole
    }

    /// Bytes of key material a key file of `role` wraps.
    static func payloadByteCount(_ role: KeyRole) -> Int {
        role == .backup ? KeySet.backupMaterialByteCount : MasterKey.byteCount
    }

    static let magic: [UInt8] = Array("AVKF".utf8)
    /// The version written; ``readableVersions`` are read.
    static let version: UInt8 = 2
    static let readableVersions: ClosedRange<UInt8> = 1...2
    static let kdfArgon2id13: UInt8 = 1
    static let aeadXChaCha20Poly1305: UInt8 = 1
    static let saltByteCount = 16
    static let nonceByteCount = 24
    static let tagByteCount = 16
    static let checksumByteCount = 32
    static let maxNameByteCount = Int(UInt16.max)

    /// Encodes a key file (version 2) for `role` wrapping `masterKey` under Argon2id(password, random
    /// salt, params).
    ///
    /// - Throws: `.invalidArgument` for out-of-range KDF parameters or a host/user name over
    ///   65535 UTF-8 bytes; `.internalError` if Argon2id cannot run (e.g. out of memory).
    public static func create(
        masterKey: MasterKey, role: KeyRole, password: [UInt8], parameters: KDFParameters,
        host: String, username: String, created: Date
    ) throws -> [UInt8] {
        try parameters.validate()
        let hostBytes = Array(host.utf8)
        let userBytes = Array(username.utf8)
        guard hostBytes.count <= maxNameByteCount, userBytes.count <= maxNameByteCount else {
            throw ArchiveStoreError(.invalidArgument, "host and user names must be at most \(maxNameByteCount) bytes")
        }
        let millis = (created.timeIntervalSince1970 * 1000).rounded()
        guard millis.isFinite, abs(millis) < 9e15 else {
            throw ArchiveStoreError(.invalidArgument, "key file creation date \(created) is out of range")
        }
        let salt = Sodium.randomBytes(saltByteCount)
        let nonce = Sodium.randomBytes(nonceByteCount)

        var out = magic
        out.append(version)
        out.append(kdfArgon2id13)
        out.appendLittleEndian(parameters.opsLimit)
        out.appendLittleEndian(parameters.memLimitBytes)
        out.append(contentsOf: salt)
        out.appendLittleEndian(Int64(millis))
        out.appendLittleEndian(UInt16(hostBytes.count))
        out.append(contentsOf: hostBytes)
        out.appendLittleEndian(UInt16(userBytes.count))
        out.append(contentsOf: userBytes)
        out.append(role.rawValue)
        out.append(aeadXChaCha20Poly1305)
        out.append(contentsOf: nonce)

        let wrappingKey = try parameters.deriveKey(password: password, salt: salt, outputLength: 32)
        let associated = out
        let payload = role == .backup ? masterKey.deriveKeys().backupMaterial() : masterKey.secret
        var wrapped = [UInt8](repeating: 0, count: payload.count + tagByteCount)
        let status = wrapped.withUnsafeMutableBufferPointer { c in
            payload.withKeyPointer { m in
                wrappingKey.withKeyPointer { k in
                    crypto_aead_xchacha20poly1305_ietf_encrypt(
                        c.baseAddress!, nil, m, UInt64(payload.count),
                        associated, UInt64(associated.count), nil, nonce, k)
                }
            }
        }
        guard status == 0 else { throw ArchiveStoreError(.internalError, "XChaCha20-Poly1305 encryption failed") }
        out.append(contentsOf: wrapped)
        out.append(contentsOf: Blake2b.hash(out, outputLength: checksumByteCount))
        return out
    }

    /// Opens a key file and returns the keys it wraps: the master key, or a backup key's material.
    ///
    /// - Throws: `.wrongPassword` if the AEAD tag does not verify under this password;
    ///   `.corrupted` if the structure or checksum is damaged or the stored KDF cost is out of
    ///   range; `.unsupportedFormatVersion` for an unknown version byte.
    public static func open(_ bytes: [UInt8], password: [UInt8]) throws -> OpenedKey {
        let parsed = try Parsed(bytes)
        let role = parsed.info.role
        let wrappingKey = try parsed.info.kdf.deriveKey(password: password, salt: parsed.salt, outputLength: 32)
        let associated = Array(bytes[0..<parsed.wrappedOffset])
        var status: Int32 = -1
        let secret = SecretBytes(count: payloadByteCount(role)) { out in
            status = wrappingKey.withKeyPointer { k in
                crypto_aead_xchacha20poly1305_ietf_decrypt(
                    out.baseAddress!.assumingMemoryBound(to: UInt8.self), nil, nil,
                    parsed.wrapped, UInt64(parsed.wrapped.count),
                    associated, UInt64(associated.count), parsed.nonce, k)
            }
        }
        guard status == 0 else {
            throw ArchiveStoreError(.wrongPassword, "the password does not open this key file; check the password")
        }
        guard role != .backup else { return OpenedKey(master: nil, keys: KeySet(backupMaterial: secret), role: role) }
        let master = MasterKey(secret: secret)
        return OpenedKey(master: master, keys: master.deriveKeys(), role: role)
    }

    /// Reads the plaintext facts of a key file without the password.
    ///
    /// - Throws: `.corrupted` or `.unsupportedFormatVersion` as ``open(_:password:)``.
    public static func inspect(_ bytes: [UInt8]) throws -> KeyFileInfo {
        try Parsed(bytes).info
    }

    /// The fields of a structurally valid key file (checksum checked, AEAD not yet).
    private struct Parsed {
        var info: KeyFileInfo
        var salt: [UInt8]
        var nonce: [UInt8]
        var wrapped: [UInt8]
        var wrappedOffset: Int

        init(_ bytes: [UInt8]) throws {
            var reader = ByteReader(bytes, context: "key file")
            guard try reader.readBytes(4, "magic") == KeyFile.magic else {
                throw reader.corrupted("not an aerovault key file (bad magic)")
            }
            let version = try reader.readUInt8("version")
            guard KeyFile.readableVersions.contains(version) else {
                throw ArchiveStoreError(
                    .unsupportedFormatVersion,
                    "key file version \(version) is not supported (this build reads versions "
                        + "\(KeyFile.readableVersions.lowerBound)–\(KeyFile.readableVersions.upperBound)); upgrade aerovault")
            }
            let bodyEnd = bytes.count - KeyFile.checksumByteCount
            guard bodyEnd >= reader.offset else { throw reader.corrupted("file is too short") }
            let checksum = Array(bytes[bodyEnd...])
            guard Sodium.constantTimeEqual(Blake2b.hash(Array(bytes[..<bodyEnd]), outputLength: 32), checksum) else {
                throw ArchiveStoreError(.corrupted, "key file is damaged: checksum mismatch")
            }
            reader = ByteReader(bytes, offset: reader.offset, end: bodyEnd, context: "key file")
            guard try reader.readUInt8("KDF id") == KeyFile.kdfArgon2id13 else {
                throw reader.corrupted("unknown KDF id")
            }
            let kdf = KDFParameters(
                opsLimit: try reader.readUInt64LE("opsLimit"), memLimitBytes: try reader.readUInt64LE("memLimit"))
            do { try kdf.validate() } catch { throw reader.corrupted("KDF cost out of range: \(error)") }
            salt = try reader.readBytes(KeyFile.saltByteCount, "salt")
            let millis = Int64(bitPattern: try reader.readUInt64LE("created"))
            let host = try Self.readName(&reader, "host")
            let user = try Self.readName(&reader, "username")
            var role = KeyRole.admin
            if version >= 2 {
                let byte = try reader.readUInt8("role")
                guard let stored = KeyRole(rawValue: byte) else { throw reader.corrupted("unknown role \(byte)") }
                role = stored
            }
            guard try reader.readUInt8("AEAD id") == KeyFile.aeadXChaCha20Poly1305 else {
                throw reader.corrupted("unknown AEAD id")
            }
            nonce = try reader.readBytes(KeyFile.nonceByteCount, "nonce")
            wrappedOffset = reader.offset
            wrapped = try reader.readBytes(KeyFile.payloadByteCount(role) + KeyFile.tagByteCount, "wrapped key")
            guard reader.isAtEnd else { throw reader.corrupted("\(reader.remaining) unexpected trailing bytes") }
            info = KeyFileInfo(
                created: Date(timeIntervalSince1970: Double(millis) / 1000), host: host, username: user, kdf: kdf,
                role: role, version: version)
        }

        private static func readName(_ reader: inout ByteReader, _ what: String) throws -> String {
            let length = Int(try reader.readUInt16LE("\(what) length"))
            return try reader.readUTF8(length, what)
        }
    }
}
