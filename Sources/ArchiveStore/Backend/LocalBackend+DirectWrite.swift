#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Large files (packs) are written with `O_DIRECT` on Linux: the bytes go from a small aligned
/// bounce buffer straight to the device instead of being copied into freshly allocated page-cache
/// pages. On the 2-core test machine that copy cost 1.5 CPU-s per GB written; direct writes with the
/// bounce copy cost 0.4. Durability is unchanged (the caller still fsyncs the file and directory).
/// Where the file system refuses `O_DIRECT` the write falls back to the buffered path.
extension LocalBackend {
    /// Files at least this large are written directly.
    static let directWriteThreshold = 1 << 20
    /// Alignment of the bounce buffer, the write offsets and lengths (covers 512 B and 4 KiB sectors).
    static let directWriteAlignment = 4096
    /// Bytes per direct write.
    static let directWriteChunk = 1 << 20

    #if os(Linux) && arch(x86_64)
    static let openDirectFlag: Int32 = 0o40000
    #elseif os(Linux) && arch(arm64)
    static let openDirectFlag: Int32 = 0o200000
    #else
    static let openDirectFlag: Int32 = 0
    #endif

    /// Opens `file` for a new write, with `O_DIRECT` when `bytes` is large enough and the platform and
    /// file system allow it.
    /// - Returns: the descriptor and whether it is in direct mode; -1 (errno set) if creating failed.
    func openForWrite(_ file: String, size: Int) -> (fd: Int32, direct: Bool) {
        let flags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC
        if size >= Self.directWriteThreshold && Self.openDirectFlag != 0 {
            let fd = open(file, flags | Self.openDirectFlag, 0o600)
            if fd >= 0 { return (fd, true) }
            guard errno == EINVAL else { return (fd, false) }
        }
        return (open(file, flags, 0o600), false)
    }

    /// Writes the largest aligned prefix of `bytes` through an aligned bounce buffer with `fd` in
    /// direct mode, then takes `fd` out of direct mode for the caller to write the rest.
    /// - Returns: bytes written (0 if the file system rejected direct I/O at the first write).
    /// - Throws: `.io` for any other write failure.
    func writeDirectPrefix(_ bytes: [UInt8], fd: Int32, file: String) throws -> Int {
        let alignment = Self.directWriteAlignment
        let prefix = bytes.count / alignment * alignment
        var done = 0
        defer { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~Self.openDirectFlag) }
        guard prefix > 0 else { return 0 }
        let bounce = UnsafeMutableRawPointer.allocate(byteCount: Self.directWriteChunk, alignment: alignment)
        defer { bounce.deallocate() }
        try bytes.withUnsafeBytes { source in
            while done < prefix {
                let count = min(Self.directWriteChunk, prefix - done)
                bounce.copyMemory(from: source.baseAddress! + done, byteCount: count)
                let n = write(fd, bounce, count)
                if n < 0 && errno == EINTR { continue }
                if n < 0 && errno == EINVAL && done == 0 { return }
                guard n > 0 else { throw posixError("write \(file)") }
                // A short direct write leaves `done` aligned or not; the buffered rest handles either.
                done += n
                if n < count { return }
            }
        }
        return done
    }
}
