import ArchiveStore

extension MetadataExpanders {
    /// The metadata formats aerovault's own engines write. Metadata without an entry here is
    /// scanned conservatively (see ``MetadataExpanders``), which is also safe for the digest-list
    /// table (raw ids in tree chunks); entries here make the walk exact.
    public static let aerovault = MetadataExpanders()
}
