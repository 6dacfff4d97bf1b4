import ArchiveStore

/// The sorted digests of one partition at backup time, stored as one tree chunk per partition so the
/// next incremental backup — also one made with a backup key — can find deleted records (SPEC.md §17.2).
///
/// Layout: `version (1) || digest (20) × n`, digests strictly ascending. Version 2 is written (as a tree
/// chunk); version 1, the same bytes stored as a data chunk by earlier builds, is read. Equal lists
/// encode to equal bytes, so an unchanged list dedups to the parent's chunk.
struct DigestList: Equatable {
    static let version: UInt8 = 2
    static let readableVersions: ClosedRange<UInt8> = 1...2
    static let digestLength = 20

    /// Strictly ascending 20-byte digests.
    var digests: [[UInt8]]

    init(digests: [[UInt8]]) {
        self.digests = digests
    }

    /// The chunk plaintext.
    func encode() -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(1 + digests.count * Self.digestLength)
        out.append(Self.version)
        for digest in digests { out += digest }
        return out
    }

    /// The chunk plaintext of strictly ascending inline digests (same bytes as ``encode()``), without a
    /// `[UInt8]` per digest.
    static func encode(ascending digests: [RecordDigest]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(1 + digests.count * Self.digestLength)
        out.append(Self.version)
        for digest in digests { digest.append(to: &out) }
        return out
    }

    /// Parses a chunk; throws ``AeroVaultError`` `.corrupted` on a wrong version, a length that is not a
    /// multiple of 20, or digests out of order.
    static func decode(_ bytes: [UInt8]) throws -> DigestList {
        guard let version = bytes.first else { throw AeroVaultError(.corrupted, "digest list chunk is empty") }
        guard Self.readableVersions.contains(version) else {
            throw AeroVaultError(.corrupted, "digest list chunk has unknown version \(version); this build reads versions 1–2")
        }
        let body = bytes.count - 1
        guard body % digestLength == 0 else {
            throw AeroVaultError(.corrupted, "digest list chunk of \(bytes.count) bytes is not 1 + 20 × n")
        }
        var digests: [[UInt8]] = []
        digests.reserveCapacity(body / digestLength)
        var offset = 1
        while offset < bytes.count {
            let digest = Array(bytes[offset..<offset + digestLength])
            if let last = digests.last, !DigestOrder.less(last, digest) {
                throw AeroVaultError(.corrupted, "digest list chunk is not in ascending digest order")
            }
            digests.append(digest)
            offset += digestLength
        }
        return DigestList(digests: digests)
    }
}
