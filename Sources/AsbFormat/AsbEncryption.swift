import COpenSSL
import Foundation

/// The key of asbackup's encrypted backup files (`asbackup --encrypt aes128|aes256
/// --encryption-key-file F`, SPEC.md §18.7): the SHA-256 digest of the key file's private key in
/// DER; AES-128 uses its first 16 bytes, AES-256 all 32. OpenSSL parses the key and does the AES.
public struct AsbEncryptionKey: Sendable {
    /// asbackup's `--encrypt` modes.
    public enum Mode: String, Sendable, CaseIterable {
        case aes128, aes256

        var keyLength: Int { self == .aes128 ? 16 : 32 }
    }

    /// SHA-256 of the private key's DER encoding.
    let digest: [UInt8]
    /// The mode the files were written with; nil = found per file (SPEC.md §18.7).
    public let mode: Mode?

    /// Reads the PEM private key in `path` (as asbackup's `--encryption-key-file`).
    /// - Throws: ``AsbError`` (line 0) when the file cannot be read or holds no PEM private key.
    public init(keyFile path: String, mode: Mode?) throws {
        guard let pem = FileManager.default.contents(atPath: path) else {
            throw AsbError(file: path, line: 0, message: "cannot read the encryption key file")
        }
        let der = pem.withUnsafeBytes { raw -> [UInt8]? in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else { return nil }
            defer { BIO_free(bio) }
            guard let key = PEM_read_bio_PrivateKey(bio, nil, nil, nil) else { return nil }
            defer { EVP_PKEY_free(key) }
            var out: UnsafeMutablePointer<UInt8>?
            let length = i2d_PrivateKey(key, &out)
            guard length > 0, let out else { return nil }
            defer { CRYPTO_free(out, #file, #line) }
            return Array(UnsafeBufferPointer(start: out, count: Int(length)))
        }
        guard let der else {
            throw AsbError(file: path, line: 0, message: "the encryption key file holds no PEM private key")
        }
        var digest = [UInt8](repeating: 0, count: 32)
        var size: UInt32 = 0
        guard EVP_Digest(der, der.count, &digest, &size, EVP_sha256(), nil) == 1, size == 32 else {
            throw AsbError(file: path, line: 0, message: "SHA-256 of the encryption key failed")
        }
        self.digest = digest
        self.mode = mode
    }

    /// The decryptor for a file whose first bytes are `start` (at least the 16-byte IV block): with
    /// ``mode``, or else the mode whose first decrypted bytes look like a backup file (`Version ` or
    /// zstd's magic number).
    /// - Throws: ``AsbError`` when the file is too short or no mode decrypts it (a wrong key).
    func decryptor(forFileStart start: [UInt8], path: String) throws -> AsbDecryptor {
        guard start.count >= AsbDecryptor.blockSize else {
            throw AsbError(file: path, line: 0, message: "the file is shorter than the encrypted IV block")
        }
        let block = Array(start.prefix(AsbDecryptor.blockSize))
        if let mode { return try AsbDecryptor(key: Array(digest.prefix(mode.keyLength)), encryptedIV: block) }
        let probe = Array(start.dropFirst(AsbDecryptor.blockSize).prefix(8))
        for mode in Mode.allCases {
            let key = Array(digest.prefix(mode.keyLength))
            if AsbFileSource.looksPlain(try AsbDecryptor(key: key, encryptedIV: block).decrypt(probe)) {
                return try AsbDecryptor(key: key, encryptedIV: block)
            }
        }
        throw AsbError(
            file: path, line: 0,
            message: "the file does not decrypt to a backup file with this key (aes128 or aes256): wrong --encryption-key-file?")
    }
}

/// One file's AES-CTR stream (SPEC.md §18.7): the first block is the IV encrypted with AES-ECB; the
/// data after it is AES-CTR with the counter starting at IV + 1 (a 128-bit big-endian number).
final class AsbDecryptor {
    static let blockSize = 16
    private let context: OpaquePointer

    init(key: [UInt8], encryptedIV: [UInt8]) throws {
        let ecb = key.count == 16 ? EVP_aes_128_ecb() : EVP_aes_256_ecb()
        let ctr = key.count == 16 ? EVP_aes_128_ctr() : EVP_aes_256_ctr()
        guard let context = EVP_CIPHER_CTX_new() else { throw Self.failure("EVP_CIPHER_CTX_new") }
        self.context = context
        var iv = [UInt8](repeating: 0, count: Self.blockSize + 16)
        var length: Int32 = 0
        guard EVP_DecryptInit_ex(context, ecb, nil, key, nil) == 1, EVP_CIPHER_CTX_set_padding(context, 0) == 1,
            EVP_DecryptUpdate(context, &iv, &length, encryptedIV, Int32(Self.blockSize)) == 1, length == Self.blockSize
        else { throw Self.failure("decrypting the IV block") }
        var counter = Array(iv.prefix(Self.blockSize))
        for i in counter.indices.reversed() {
            counter[i] &+= 1
            if counter[i] != 0 { break }
        }
        guard EVP_DecryptInit_ex(context, ctr, nil, key, counter) == 1 else { throw Self.failure("starting AES-CTR") }
    }

    deinit { EVP_CIPHER_CTX_free(context) }

    /// The plaintext of the next `bytes` of the stream.
    func decrypt(_ bytes: [UInt8]) throws -> [UInt8] {
        guard !bytes.isEmpty else { return [] }
        var out = [UInt8](repeating: 0, count: bytes.count + Self.blockSize)
        var length: Int32 = 0
        guard EVP_DecryptUpdate(context, &out, &length, bytes, Int32(bytes.count)) == 1 else {
            throw Self.failure("AES-CTR")
        }
        return Array(out.prefix(Int(length)))
    }

    private static func failure(_ step: String) -> AsbError {
        AsbError(file: "", line: 0, message: "OpenSSL failed: \(step)")
    }
}
