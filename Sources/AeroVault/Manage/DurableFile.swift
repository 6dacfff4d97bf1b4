import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Crash-safe replacement of a small local file (SPEC.md §11): write a temporary file in the same
/// directory, fsync it, rename it over the target, fsync the directory. A crash leaves the old file or
/// the new one, never a mix (at worst a stray `.tmp-…` file).
enum DurableFile {
    static func replace(_ target: URL, with bytes: [UInt8]) throws {
        let dir = target.deletingLastPathComponent().path
        let suffix = (0..<8).map { _ in String(UInt8.random(in: 0...255), radix: 16) }.joined()
        let tmp = dir + "/." + target.lastPathComponent + ".tmp-" + suffix
        do {
            let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw error("create \(tmp)") }
            defer { close(fd) }
            var done = 0
            while done < bytes.count {
                let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, bytes.count - done) }
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw error("write \(tmp)") }
                done += n
            }
            guard fsync(fd) == 0 else { throw error("fsync \(tmp)") }
            guard rename(tmp, target.path) == 0 else { throw error("rename \(tmp) to \(target.path)") }
        } catch {
            unlink(tmp)
            throw error
        }
        let dirFD = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dirFD >= 0 else { throw error("open directory \(dir)") }
        defer { close(dirFD) }
        guard fsync(dirFD) == 0 else { throw error("fsync directory \(dir)") }
    }

    private static func error(_ what: String) -> AeroVaultError {
        let code = errno
        return AeroVaultError(.io, "cannot \(what): \(String(cString: strerror(code))) (errno \(code))")
    }
}
