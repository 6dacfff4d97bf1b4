import ArchiveStore
import CSodium
import Foundation

/// SHA-256 and HMAC-SHA-256 from libsodium, as Signature V4 needs them (SPEC.md §6 "S3 backend").
public enum SHA256 {
    public static let emptyHex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    public static func hash(_ bytes: some ContiguousBytes) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(crypto_hash_sha256_BYTES))
        bytes.withUnsafeBytes { input in
            _ = crypto_hash_sha256(&out, input.bindMemory(to: UInt8.self).baseAddress, UInt64(input.count))
        }
        return out
    }

    public static func hex(_ bytes: some ContiguousBytes) -> String { HexCoding.encode(hash(bytes)) }

    /// HMAC-SHA-256 with a key of any length (SigV4's first key, "AWS4" + secret, is longer than 32 bytes).
    public static func hmac(key: [UInt8], _ message: [UInt8]) -> [UInt8] {
        var state = crypto_auth_hmacsha256_state()
        var out = [UInt8](repeating: 0, count: Int(crypto_auth_hmacsha256_BYTES))
        _ = crypto_auth_hmacsha256_init(&state, key, key.count)
        _ = crypto_auth_hmacsha256_update(&state, message, UInt64(message.count))
        _ = crypto_auth_hmacsha256_final(&state, &out)
        return out
    }
}
