internal import CZstd

/// zstd compression through libzstd. The only file that imports CZstd.
///
/// Each call (or stream object) takes a context of its own from a ``ContextPool`` and gives it back when done, so
/// contexts are reused across calls (creating one per chunk was a measurable part of restore) while no context is
/// ever used by two tasks at once: calls from many tasks at once are safe. A reused context produces exactly the
/// bytes a fresh one would (one-shot calls reset all parameters but the level; pooled contexts are reset on return).
enum Zstd {
    /// Compression contexts shared by ``compress(_:level:)`` and ``ZstdStreamCompressor``.
    static let compressionContexts = ContextPool { try CompressionContext() }
    /// Decompression contexts shared by ``decompress(_:expectedLength:)`` and ``ZstdStreamDecompressor``.
    static let decompressionContexts = ContextPool { try DecompressionContext() }

    /// The linked libzstd's version, e.g. "1.5.4" (compressed bytes may differ between versions).
    static var versionString: String { String(cString: ZSTD_versionString()) }

    /// Compresses `input` at `level` into one zstd frame (with the content size in its header).
    ///
    /// - Throws: `.internalError` if libzstd fails (it should not for in-memory input).
    static func compress(_ input: [UInt8], level: Int32) throws -> [UInt8] {
        try compressionContexts.withContext { try compress(input, level: level, context: $0) }
    }

    /// ``compress(_:level:)`` with a given context (tests compare pooled and fresh contexts).
    static func compress(_ input: [UInt8], level: Int32, context: CompressionContext) throws -> [UInt8] {
        // ZSTD_compressCCtx resets every parameter of the context but the level it is given, so a
        // reused context compresses exactly like a new one.
        let bound = max(ZSTD_compressBound(input.count), 1)
        var result = 0
        let out = [UInt8](unsafeUninitializedCapacity: bound) { dst, count in
            result = input.withUnsafeBytes { src in
                ZSTD_compressCCtx(context.pointer, dst.baseAddress, dst.count, src.baseAddress, src.count, level)
            }
            count = ZSTD_isError(result) == 0 ? result : 0
        }
        guard ZSTD_isError(result) == 0 else {
            throw ArchiveStoreError(.internalError, "zstd compression failed: \(errorName(result))")
        }
        return out
    }

    /// Decompresses `input` (zstd frames) to exactly `expectedLength` bytes.
    ///
    /// The output buffer is `expectedLength` bytes and libzstd never writes past it, so a frame
    /// that would inflate to more (a zip bomb) fails instead of using more memory.
    ///
    /// - Throws: `.corrupted` if the input is not valid zstd or inflates to any other length.
    static func decompress(_ input: ArraySlice<UInt8>, expectedLength: Int) throws -> [UInt8] {
        guard expectedLength >= 0 else {
            throw ArchiveStoreError(.corrupted, "compressed payload claims a negative length \(expectedLength)")
        }
        return try decompressionContexts.withContext { context in
            try decompress(input, expectedLength: expectedLength, context: context)
        }
    }

    private static func decompress(
        _ input: ArraySlice<UInt8>, expectedLength: Int, context: DecompressionContext
    ) throws -> [UInt8] {
        // One spare byte so "inflates to more than expected" is detected as a length mismatch
        // rather than silently filling the buffer exactly.
        var result = 0
        let out = [UInt8](unsafeUninitializedCapacity: expectedLength + 1) { dst, count in
            result = input.withUnsafeBytes { src in
                ZSTD_decompressDCtx(context.pointer, dst.baseAddress, dst.count, src.baseAddress, src.count)
            }
            count = ZSTD_isError(result) == 0 ? min(result, expectedLength) : 0
        }
        guard ZSTD_isError(result) == 0 else {
            throw ArchiveStoreError(.corrupted, "compressed payload is damaged: \(errorName(result))")
        }
        guard result == expectedLength else {
            throw ArchiveStoreError(
                .corrupted, "compressed payload inflates to \(result) bytes, expected \(expectedLength)")
        }
        return out
    }

    static func errorName(_ code: Int) -> String {
        String(cString: ZSTD_getErrorName(code))
    }

    /// Throws `.internalError` if a libzstd call returned an error code.
    static func check(_ result: Int, _ what: String) throws {
        guard ZSTD_isError(result) == 0 else {
            throw ArchiveStoreError(.internalError, "zstd \(what) failed: \(errorName(result))")
        }
    }
}

/// Owns a `ZSTD_CCtx`; freed in `deinit`. Used by one caller at a time (see ``ContextPool``).
final class CompressionContext: ReusableContext {
    let pointer: OpaquePointer
    init() throws {
        guard let p = ZSTD_createCCtx() else {
            throw ArchiveStoreError(.internalError, "cannot allocate a zstd compression context")
        }
        pointer = p
    }
    deinit { ZSTD_freeCCtx(pointer) }

    /// Ends any unfinished frame and restores every parameter to its default (cannot fail for
    /// `ZSTD_reset_session_and_parameters`).
    func reset() { _ = ZSTD_CCtx_reset(pointer, ZSTD_reset_session_and_parameters) }
}

/// Owns a `ZSTD_DCtx`; freed in `deinit`. Used by one caller at a time (see ``ContextPool``).
final class DecompressionContext: ReusableContext {
    let pointer: OpaquePointer
    init() throws {
        guard let p = ZSTD_createDCtx() else {
            throw ArchiveStoreError(.internalError, "cannot allocate a zstd decompression context")
        }
        pointer = p
    }
    deinit { ZSTD_freeDCtx(pointer) }

    /// Drops any half-decoded frame and restores every parameter to its default.
    func reset() { _ = ZSTD_DCtx_reset(pointer, ZSTD_reset_session_and_parameters) }
}

/// Streaming zstd compression into one frame (bounded memory), of a length known up front when the
/// caller pledges it (sealing streams) or of any length (`.asb` export files, SPEC.md §18.6).
///
/// Not thread-safe; one per stream. Its context comes from ``Zstd/compressionContexts`` and goes back
/// there when the compressor is released.
public final class ZstdStreamCompressor {
    private let context: CompressionContext
    private var output = [UInt8](repeating: 0, count: ZSTD_CStreamOutSize())

    /// - Parameter pledgedLength: the exact number of bytes that will be fed; recorded in the
    ///   frame header, and libzstd fails the frame if the input differs. Nil: not known up front.
    public init(level: Int32, pledgedLength: Int?) throws {
        let context = try Zstd.compressionContexts.take()
        do {
            try Zstd.check(ZSTD_CCtx_setParameter(context.pointer, ZSTD_c_compressionLevel, level), "set level")
            if let pledgedLength {
                try Zstd.check(ZSTD_CCtx_setPledgedSrcSize(context.pointer, UInt64(pledgedLength)), "set length")
            }
        } catch {
            Zstd.compressionContexts.recycle(context)
            throw error
        }
        self.context = context
    }

    deinit { Zstd.compressionContexts.recycle(context) }

    /// Compresses `input`; with `isLast`, also ends the frame. Compressed bytes go to `sink` in
    /// pieces of at most `ZSTD_CStreamOutSize()` bytes.
    public func compress(_ input: [UInt8], isLast: Bool, sink: ([UInt8]) throws -> Void) throws {
        try input.withUnsafeBytes { src in
            var inBuffer = ZSTD_inBuffer(src: src.baseAddress, size: src.count, pos: 0)
            while true {
                var produced = 0
                let remaining = try output.withUnsafeMutableBytes { dst -> Int in
                    var outBuffer = ZSTD_outBuffer(dst: dst.baseAddress, size: dst.count, pos: 0)
                    let result = ZSTD_compressStream2(
                        context.pointer, &outBuffer, &inBuffer, isLast ? ZSTD_e_end : ZSTD_e_continue)
                    try Zstd.check(result, "compress")
                    produced = outBuffer.pos
                    return result
                }
                if produced > 0 { try sink(Array(output[0..<produced])) }
                let done = isLast ? remaining == 0 : inBuffer.pos == inBuffer.size
                if done { return }
            }
        }
    }
}

/// Streaming zstd decompression with a hard cap on the total output (zip-bomb safe); also reads a
/// whole zstd file, one or more frames (`.asb` import, SPEC.md §18.6).
///
/// Not thread-safe; one per stream. Its context comes from ``Zstd/decompressionContexts``
/// and goes back there when the decompressor is released.
public final class ZstdStreamDecompressor {
    private let context: DecompressionContext
    private var output = [UInt8](repeating: 0, count: ZSTD_DStreamOutSize())
    private let limit: Int
    /// Bytes produced so far.
    public private(set) var producedCount = 0
    /// True when the last input ended exactly at the end of a frame.
    public private(set) var isAtFrameEnd = false

    /// - Parameter limit: the most bytes the whole stream may inflate to.
    public init(limit: Int) throws {
        context = try Zstd.decompressionContexts.take()
        self.limit = limit
    }

    deinit { Zstd.decompressionContexts.recycle(context) }

    /// Decompresses `input`, passing plaintext to `sink` in pieces of at most
    /// `ZSTD_DStreamOutSize()` bytes.
    ///
    /// - Throws: `.corrupted` if the input is not valid zstd or the output would pass the limit.
    public func decompress(_ input: [UInt8], sink: ([UInt8]) throws -> Void) throws {
        // Every call drains libzstd's output, so an empty input has nothing to add (and calling
        // libzstd with it would report "expecting a new frame" rather than "at frame end").
        guard !input.isEmpty else { return }
        try input.withUnsafeBytes { src in
            var inBuffer = ZSTD_inBuffer(src: src.baseAddress, size: src.count, pos: 0)
            var outputFull = true
            // Keep going while there is input, or while the last call filled the output buffer
            // (libzstd may still hold decoded bytes).
            while inBuffer.pos < inBuffer.size || outputFull {
                let consumedBefore = inBuffer.pos
                var produced = 0
                let result = output.withUnsafeMutableBytes { dst -> Int in
                    var outBuffer = ZSTD_outBuffer(dst: dst.baseAddress, size: dst.count, pos: 0)
                    let result = ZSTD_decompressStream(context.pointer, &outBuffer, &inBuffer)
                    produced = outBuffer.pos
                    return result
                }
                guard ZSTD_isError(result) == 0 else {
                    throw ArchiveStoreError(.corrupted, "compressed payload is damaged: \(Zstd.errorName(result))")
                }
                producedCount += produced
                guard producedCount <= limit else {
                    throw ArchiveStoreError(.corrupted, "compressed payload inflates past its recorded length \(limit)")
                }
                isAtFrameEnd = result == 0
                outputFull = produced == output.count
                if produced > 0 { try sink(Array(output[0..<produced])) }
                if produced == 0 && inBuffer.pos == inBuffer.size { break }
                guard produced > 0 || inBuffer.pos > consumedBefore else {
                    throw ArchiveStoreError(.corrupted, "compressed payload is damaged: decoder made no progress")
                }
            }
        }
    }
}
