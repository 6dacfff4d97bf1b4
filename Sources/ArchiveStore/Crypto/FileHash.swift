/// Names stored files by their content: unkeyed BLAKE2b-256 of the file's bytes (SPEC.md §2).
///
/// Pack, index, snapshot and key-file ids are computed this way, so anyone holding a file can check
/// its name without any key.
public enum FileHash {
    /// BLAKE2b-256 (unkeyed) of `bytes`.
    public static func id(of bytes: [UInt8]) -> ID32 {
        // Blake2b.hash always returns exactly 32 bytes here, so the initializer cannot fail.
        ID32(bytes: Blake2b.hash(bytes, outputLength: ID32.byteCount))!
    }
}
