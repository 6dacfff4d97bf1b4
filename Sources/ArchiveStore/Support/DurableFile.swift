import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Durable writes of local files (SPEC.md §11): every byte written and fsynced before a rename makes a
/// file visible, and the directory fsynced after. The one implementation behind ``LocalBackend`` and
/// the small local files of the engines (the seen-snapshots record, SPEC.md §15).
public enum DurableFile {
    /// Replaces `target` crash-safely: a temporary file in the same directory, fsync, rename over the
    /// target, fsync of the directory. A crash leaves the old file or the new one, never a mix (at worst
    /// a stray `.<name>.tmp-…` file).
    public static func replace(_ target: URL, with bytes: [UInt8]) throws {
        let dir = target.deletingLastPathComponent().path
        let suffix = (0..<8).map { _ in String(UInt8.random(in: 0...255), radix: 16) }.joined()
        let tmp = dir + "/." + target.lastPathComponent + ".tmp-" + suffix
        do {
            let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw error("create \(tmp)") }
            defer { close(fd) }
            try writeAll(bytes, from: 0, to: fd, file: tmp)
            guard fsync(fd) == 0 else { throw error("fsync \(tmp)") }
            guard rename(tmp, target.path) == 0 else { throw error("rename \(tmp) to \(target.path)") }
        } catch {
            unlink(tmp)
            throw error
        }
        try syncDirectory(dir)
    }

    /// Writes `bytes[offset...]` to `fd`, retrying short writes and EINTR.
    static func writeAll(_ bytes: [UInt8], from offset: Int, to fd: Int32, file: String) throws {
        var done = offset
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, bytes.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw error("write \(file)") }
            done += n
        }
    }

    /// fsync of a directory, so a new or renamed entry in it survives a crash.
    static func syncDirectory(_ dir: String) throws {
        let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw error("open directory \(dir)") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw error("fsync directory \(dir)") }
    }

    /// An `.io` error naming the operation and `errno`.
    static func error(_ what: String) -> ArchiveStoreError {
        let code = errno
        return ArchiveStoreError(.io, "cannot \(what): \(String(cString: strerror(code))) (errno \(code))")
    }
}
