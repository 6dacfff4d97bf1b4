/// The compression id stored in every sealed blob (SPEC.md §4). Unknown ids are an error.
enum CompressionMethod: UInt8, Sendable {
    /// Payload is the plaintext itself (used when compression does not shrink it).
    case none = 0
    /// Payload is one or more zstd frames that inflate to exactly the recorded plaintext length.
    case zstd = 1
}
