/// Repository format versions this build can read and write.
///
/// The version is stored in the public header of the `config` file (SPEC.md §6 "Config"). Opening a
/// repository whose version is outside `minSupportedRead...maxSupportedRead` throws
/// ``ArchiveStoreError/Code/unsupportedFormatVersion`` with both numbers in the message.
public enum FormatVersion: UInt8, Sendable, Comparable, Codable {
    case v1 = 1

    /// The version new repositories are created with.
    public static let currentWrite: FormatVersion = .v1
    public static let minSupportedRead: UInt8 = 1
    public static let maxSupportedRead: UInt8 = 1

    public static func < (lhs: FormatVersion, rhs: FormatVersion) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Checks a version byte read from storage.
    /// - Throws: `.unsupportedFormatVersion` naming `what`, the found and the supported versions.
    static func check(_ byte: UInt8, of what: String) throws -> FormatVersion {
        guard byte >= minSupportedRead, byte <= maxSupportedRead, let version = FormatVersion(rawValue: byte) else {
            let hint = byte > maxSupportedRead ? "; it was written by a newer aerovault, upgrade to read it" : ""
            throw ArchiveStoreError(
                .unsupportedFormatVersion,
                "\(what) has format version \(byte), this build supports \(minSupportedRead)...\(maxSupportedRead)\(hint)")
        }
        return version
    }
}
