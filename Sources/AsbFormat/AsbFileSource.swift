import ArchiveStore
import Foundation

/// Opens `.asb` files for reading (SPEC.md §18.6): plain, or a zstd stream as `asbackup --compress
/// zstd` writes it (recognised by the zstd magic number `28 B5 2F FD` at the start).
public enum AsbFileSource {
    /// Bytes read from the file per step.
    static let pieceSize = 256 * 1024
    static let zstdMagic: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD]

    /// The `.asb` files `paths` name: a file as given, a directory's `*.asb` files sorted by name.
    /// - Throws: ``AsbError`` (line 0) for a path that does not exist or a directory without any.
    public static func expand(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw AsbError(file: path, line: 0, message: "no such file or directory")
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".asb") }.sorted()
            guard !names.isEmpty else { throw AsbError(file: path, line: 0, message: "the directory holds no .asb file") }
            files += names.map { (path as NSString).appendingPathComponent($0) }
        }
        return files
    }

    /// A reader over the file at `path`, decrypting it with `key` when it is encrypted (SPEC.md §18.7)
    /// and decompressing it if it is zstd. The file is read as the reader advances; the handle is
    /// closed when the reader is released. With a key, a file that already starts as a backup file
    /// (`Version ` or zstd's magic number) is read as it is.
    public static func open(_ path: String, key: AsbEncryptionKey? = nil) throws -> AsbReader {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw AsbError(file: path, line: 0, message: "cannot open the file for reading")
        }
        var read: () throws -> [UInt8]? = { try handle.read(upToCount: pieceSize).map { [UInt8]($0) } }
        var first = try read() ?? []
        if let key, !looksPlain(first) {
            let decryptor = try key.decryptor(forFileStart: first, path: path)
            first = try decryptor.decrypt(Array(first.dropFirst(AsbDecryptor.blockSize)))
            let raw = read
            read = { try raw().map(decryptor.decrypt) }
        }
        guard first.starts(with: zstdMagic) else {
            return AsbReader(file: path) {
                if !first.isEmpty {
                    defer { first = [] }
                    return first
                }
                return try read()
            }
        }
        let decompressor = try ZstdStreamDecompressor(limit: Int.max)
        return AsbReader(file: path) {
            var produced: [UInt8] = []
            while produced.isEmpty {
                let input = first.isEmpty ? try read() ?? [] : first
                first = []
                guard !input.isEmpty else {
                    guard decompressor.isAtFrameEnd else {
                        throw ArchiveStoreError(.corrupted, "the zstd stream is cut short")
                    }
                    return nil
                }
                try decompressor.decompress(input) { produced += $0 }
            }
            return produced
        }
    }

    /// True when `bytes` start as a backup file does: `Version ` (plain) or zstd's magic number.
    static func looksPlain(_ bytes: [UInt8]) -> Bool {
        bytes.starts(with: Array("Version ".utf8)) || bytes.starts(with: zstdMagic)
    }
}
