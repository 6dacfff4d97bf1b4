import AerospikeWire

/// The credential a client sends at LOGIN for a clear password (bcrypt with the clients' fixed salt),
/// computed by the AerospikeWire codec's ``PasswordHasher``.
enum SimCredential {
    /// The 60-character bcrypt string, or nil if libcrypt refuses the password.
    static func hash(password: String) -> String? {
        try? PasswordHasher.credential(password: password)
    }
}
