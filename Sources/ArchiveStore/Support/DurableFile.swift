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
        let writer = try Writer(target: target)
        try writer.write(bytes)
        try writer.commit()
    }

    /// ``replace(_:with:)`` for a file written piece by piece (`.asb` export, SPEC.md §18.6): the
    /// temporary file is created at once; ``commit()`` makes it `target`. Released uncommitted (or
    /// after a failed write), the temporary file is removed.
    public final class Writer {
        public let target: URL
        private let temporary: String
        private var descriptor: Int32

        public init(target: URL) throws {
            self.target = target
            let suffix = (0..<8).map { _ in String(UInt8.random(in: 0...255), radix: 16) }.joined()
            temporary = target.deletingLastPathComponent().path + "/." + target.lastPathComponent + ".tmp-" + suffix
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { throw DurableFile.error("create \(temporary)") }
        }

        deinit { abandon() }

        /// Appends `bytes`; a failure removes the temporary file.
        public func write(_ bytes: [UInt8]) throws {
            guard descriptor >= 0 else { throw ArchiveStoreError(.invalidArgument, "\(temporary) is already closed") }
            do {
                try DurableFile.writeAll(bytes, from: 0, to: descriptor, file: temporary)
            } catch {
                abandon()
                throw error
            }
        }

        /// fsync, rename over `target`, fsync of the directory.
        public func commit() throws {
            guard descriptor >= 0 else { throw ArchiveStoreError(.invalidArgument, "\(temporary) is already closed") }
            guard fsync(descriptor) == 0 else {
                let failure = DurableFile.error("fsync \(temporary)")
                abandon()
                throw failure
            }
            close(descriptor)
            descriptor = -1
            guard rename(temporary, target.path) == 0 else {
                let failure = DurableFile.error("rename \(temporary) to \(target.path)")
                unlink(temporary)
                throw failure
            }
            try DurableFile.syncDirectory(target.deletingLastPathComponent().path)
        }

        /// Closes and removes the temporary file (nothing once committed).
        public func abandon() {
            guard descriptor >= 0 else { return }
            close(descriptor)
            descriptor = -1
            unlink(temporary)
        }
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
