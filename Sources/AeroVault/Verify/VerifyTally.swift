import ArchiveStore

/// Differences found by verify: counts per kind and the first examples of each.
public struct VerifyTally: Sendable, Equatable, Codable {
    /// The kinds of difference verify reports.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// In the snapshot, not in the cluster.
        case missing
        /// In the cluster, not in the snapshot.
        case extra
        /// In both, with a different set, user key or bins.
        case changed
    }

    /// One difference, for display.
    public struct Example: Sendable, Equatable, Codable {
        public var kind: Kind
        /// Digest, 40 lowercase hex characters.
        public var digest: String
        public var set: String
        /// The user key rendered for display (integers in decimal, strings quoted, blobs in hex), "" if not stored.
        public var key: String
        public var detail: String
    }

    /// How many examples are kept in total.
    public static let exampleLimit = 10

    /// Records present on both sides (identical or changed).
    public var compared = 0
    public var identical = 0
    public var missing = 0
    public var extra = 0
    public var changed = 0
    public var examples: [Example] = []

    public init() {}

    /// True when nothing is missing, extra or changed.
    public var isIdentical: Bool { missing == 0 && extra == 0 && changed == 0 }

    /// Counts one difference and keeps it as an example while fewer than ``exampleLimit`` are kept.
    public mutating func note(_ kind: Kind, _ record: VerifyRecord, detail: String) {
        switch kind {
        case .missing: missing += 1
        case .extra: extra += 1
        case .changed: changed += 1
        }
        guard examples.count < Self.exampleLimit else { return }
        examples.append(
            Example(
                kind: kind, digest: HexCoding.encode(record.digest), set: record.setName,
                key: Self.render(record.key), detail: detail))
    }

    /// Adds another partition's tally, keeping at most ``exampleLimit`` examples.
    public mutating func merge(_ other: VerifyTally) {
        compared += other.compared
        identical += other.identical
        missing += other.missing
        extra += other.extra
        changed += other.changed
        examples.append(contentsOf: other.examples.prefix(max(0, Self.exampleLimit - examples.count)))
    }

    /// Renders a user key for display.
    static func render(_ key: VerifyRecord.Key?) -> String {
        guard let key else { return "" }
        switch key.particleType {
        case 1 where key.bytes.count == 8:
            let value = key.bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            return String(Int64(bitPattern: value))
        case 3:
            return "\"" + String(decoding: key.bytes, as: UTF8.self) + "\""
        default:
            return "0x" + HexCoding.encode(key.bytes)
        }
    }
}
