import Foundation

/// Writes a whole file crash-safely: a temporary name, fsync, rename, fsync of the directory — after a
/// crash the file is the old one or the new one, never a part (the state file, the API token).
public enum AtomicFile {
    public static func write(_ data: Data, to path: String, mode: mode_t = 0o600) throws {
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw StateError(description: "cannot write \(temporary): errno \(errno)") }
        let written = data.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == data.count, synced else { throw StateError(description: "cannot write \(temporary): errno \(errno)") }
        guard rename(temporary, path) == 0 else { throw StateError(description: "cannot rename \(temporary): errno \(errno)") }
        let directory = open((path as NSString).deletingLastPathComponent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }
}
