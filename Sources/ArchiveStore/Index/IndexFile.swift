/// An index file (SPEC.md §8): which chunks live in which packs, for packs saved before it.
///
/// Body (version 1, inside the sealed envelope with label `"index"`):
/// pack count (u32 LE) ‖ per pack: pack id (32) ‖ entry count (u32 LE) ‖ entries (``PackEntry``, 45 bytes each).
struct IndexFile: Equatable {
    struct Pack: Equatable {
        var id: PackID
        var entries: [PackEntry]
    }

    var packs: [Pack] = []

    static let version: UInt8 = 1
    static let label = "index"

    var entryCount: Int { packs.reduce(0) { $0 + $1.entries.count } }

    func encode(sealer: Sealer) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4 + packs.count * 36 + entryCount * PackEntry.encodedSize)
        out.appendLittleEndian(UInt32(packs.count))
        for pack in packs {
            out.appendID(pack.id)
            out.appendLittleEndian(UInt32(pack.entries.count))
            for entry in pack.entries { entry.write(to: &out) }
        }
        return try SealedFile.seal(out, version: Self.version, label: Self.label, sealer: sealer)
    }

    /// Verifies the file's name, decrypts and decodes it.
    /// - Throws: `.corrupted` naming `index/<name>` on any mismatch.
    static func decode(_ bytes: [UInt8], name: String, sealer: Sealer) throws -> IndexFile {
        let what = FileKind.index.path(of: name)
        try SealedFile.verifyName(bytes, kind: .index, name: name)
        let (_, body) = try SealedFile.open(bytes, label: label, what: what, sealer: sealer)
        return try decode(body: body, what: what)
    }

    /// Decodes an opened body (what ``decode(_:name:sealer:)`` does after authentication; Fuzz/ feeds it directly).
    static func decode(body: [UInt8], what: String) throws -> IndexFile {
        var reader = ByteReader(body, context: what)
        let packCount = try reader.readUInt32LE("pack count")
        try reader.requireRoom(count: UInt64(packCount), size: 36, "packs")
        var file = IndexFile()
        for _ in 0..<packCount {
            let id = try reader.readID("pack id")
            let count = try reader.readUInt32LE("entry count")
            try reader.requireRoom(count: UInt64(count), size: PackEntry.encodedSize, "entries")
            var entries: [PackEntry] = []
            entries.reserveCapacity(Int(count))
            for _ in 0..<count { entries.append(try PackEntry.read(from: &reader)) }
            file.packs.append(Pack(id: id, entries: entries))
        }
        try reader.requireEnd()
        return file
    }
}
