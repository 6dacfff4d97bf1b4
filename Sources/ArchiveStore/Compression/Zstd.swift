internal import CZstd

/// zstd compression through libzstd. The only file that imports CZstd.
///
/// Each call uses its own context object, so there is no shared mutable state and calls from many
/// tasks at once are safe.
enum Zstd {
    /// Compresses `input` at `level` into one zstd frame (with the content size in its header).
    ///
    /// - Throws: `.internalError` if libzstd fails (it should not for in-memory input).
    static func compress(_ input: [UInt8], level: Int32) throws -> [UInt8] {
        let context = try CompressionContext()
        let bound = ZSTD_compressBound(input.count)
        var out = [UInt8](repeating: 0, count: max(bound, 1))
        let written = out.withUnsafeMutableBytes { dst in
            input.withUnsafeBytes { src in
                ZSTD_compressCCtx(context.pointer, dst.baseAddress, dst.count, src.baseAddress, src.count, level)
            }
        }
        guard ZSTD_isError(written) == 0 else {
            throw ArchiveStoreError(.internalError, "zstd compression failed: \(errorName(written))")
        }
        out.removeSubrange(written...)
        return out
    }

    /// Decompresses `input` (zstd frames) to exactly `expectedLength` bytes.
    ///
    /// The output buffer is `expectedLength` bytes and libzstd never writes past it, so a frame
    /// that would inflate to more (a zip bomb) fails instead of using more memory.
    ///
    /// - Throws: `.corrupted` if the input is not valid zstd or inflates to any other length.
    static func decompress(_ input: ArraySlice<UInt8>, expectedLength: Int) throws -> [UInt8] {
        let context = try DecompressionContext()
        // One spare byte so "inflates to more than expected" is detected as a length mismatch
        // rather than silently filling the buffer exactly.
        var out = [UInt8](repeating: 0, count: expectedLength + 1)
        let written = out.withUnsafeMutableBytes { dst in
            input.withUnsafeBytes { src in
                ZSTD_decompressDCtx(context.pointer, dst.baseAddress, dst.count, src.baseAddress, src.count)
            }
        }
        guard ZSTD_isError(written) == 0 else {
            throw ArchiveStoreError(.corrupted, "compressed payload is damaged: \(errorName(written))")
        }
        guard written == expectedLength else {
            throw ArchiveStoreError(
                .corrupted, "compressed payload inflates to \(written) bytes, expected \(expectedLength)")
        }
        out.removeLast()
        return out
    }

    private static func errorName(_ code: Int) -> String {
        String(cString: ZSTD_getErrorName(code))
    }

    /// Owns a `ZSTD_CCtx`; freed in `deinit`.
    private final class CompressionContext {
        let pointer: OpaquePointer
        init() throws {
            guard let p = ZSTD_createCCtx() else {
                throw ArchiveStoreError(.internalError, "cannot allocate a zstd compression context")
            }
            pointer = p
        }
        deinit { ZSTD_freeCCtx(pointer) }
    }

    /// Owns a `ZSTD_DCtx`; freed in `deinit`.
    private final class DecompressionContext {
        let pointer: OpaquePointer
        init() throws {
            guard let p = ZSTD_createDCtx() else {
                throw ArchiveStoreError(.internalError, "cannot allocate a zstd decompression context")
            }
            pointer = p
        }
        deinit { ZSTD_freeDCtx(pointer) }
    }
}
