/// Reads pack headers with ranged reads from the end of the file (SPEC.md §7).
enum PackReader {
    /// Largest header accepted (sanity bound before allocating).
    static let maxHeaderLength = 64 << 20

    /// Loads and checks the header of pack `id`.
    /// - Throws: `.corrupted` naming the pack if it is truncated or its header fails authentication.
    static func loadHeader(_ id: PackID, backend: any Backend, sealer: Sealer) async throws -> [PackEntry] {
        let what = FileKind.pack.path(of: id.hex)
        let size = try await backend.stat(.pack, name: id.hex).size
        guard size >= 4 else { throw ArchiveStoreError(.corrupted, "\(what) is truncated (\(size) bytes)") }
        var lengthReader = ByteReader(try await backend.load(.pack, name: id.hex, range: size - 4..<size), context: what)
        let headerLength = Int(try lengthReader.readUInt32LE("header length"))
        guard headerLength <= size - 4, headerLength <= maxHeaderLength else {
            throw ArchiveStoreError(.corrupted, "\(what): header length \(headerLength) does not fit in \(size) bytes")
        }
        let dataLength = size - 4 - headerLength
        let sealed = try await backend.load(.pack, name: id.hex, range: dataLength..<size - 4)
        let (_, body) = try SealedFile.open(sealed, label: PackHeader.label, what: "header of \(what)", sealer: sealer)
        return try PackHeader.decode(body, dataLength: dataLength, what: "header of \(what)")
    }
}
