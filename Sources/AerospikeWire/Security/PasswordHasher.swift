#if canImport(Glibc)
import Glibc
#endif
internal import CCrypt

/// Turns a clear password into the bcrypt credential string Aerospike expects (SPEC.md §12.7).
/// The only file importing CCrypt.
public enum PasswordHasher {
    /// The fixed bcrypt setting (variant 2a, cost 10, salt `7EqJtq98hPqEX7fNZaFWoO`).
    public static let setting = "$2a$10$7EqJtq98hPqEX7fNZaFWoO"

    /// The 60-character bcrypt string for `password`.
    ///
    /// Takes ~50–100 ms (bcrypt cost 10): compute once per client and reuse.
    /// - Throws: ``WireError/Code/invalidArgument`` if libcrypt refuses (e.g. a NUL byte in the password).
    public static func credential(password: String) throws -> String {
        guard !password.utf8.contains(0) else {
            throw WireError(.invalidArgument, "password contains a NUL byte")
        }
        let data = UnsafeMutablePointer<crypt_data>.allocate(capacity: 1)
        defer { data.deallocate() }
        memset(data, 0, MemoryLayout<crypt_data>.size)
        guard let out = crypt_r(password, setting, data) else {
            throw WireError(.invalidArgument, "bcrypt failed (errno \(errno))")
        }
        let s = String(cString: out)
        guard s.hasPrefix(setting), s.utf8.count == 60 else {
            throw WireError(.invalidArgument, "libcrypt does not support bcrypt $2a$ here: got '\(s.prefix(8))…'")
        }
        return s
    }
}
