/// Seals and opens the blocks of a temporary sort run, so no plaintext record reaches local disk.
///
/// The engine uses ``EphemeralSpillCipher`` (a random key that lives only in memory for one backup);
/// `associatedData` binds each block to its run and position so blocks cannot be swapped or replayed.
protocol SpillCipher: Sendable {
    /// Returns the sealed form of `plaintext`.
    func seal(_ plaintext: [UInt8], associatedData: [UInt8]) throws -> [UInt8]
    /// Returns the plaintext, or throws if `sealed` was modified or belongs to another position.
    func open(_ sealed: [UInt8], associatedData: [UInt8]) throws -> [UInt8]
}
