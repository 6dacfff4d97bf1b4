internal import CZlib

/// zlib (RFC 1950) compression for type-4 protos (SPEC.md §12.1). The only file importing CZlib.
enum Zlib {
    /// Compresses `input` into a zlib stream.
    static func compress(_ input: [UInt8], level: Int32 = 6) throws -> [UInt8] {
        var destLen = compressBound(uLong(input.count))
        var out = [UInt8](repeating: 0, count: Int(destLen))
        let rc = out.withUnsafeMutableBufferPointer { dst in
            input.withUnsafeBufferPointer { src in
                compress2(dst.baseAddress, &destLen, src.baseAddress, uLong(src.count), level)
            }
        }
        guard rc == Z_OK else { throw WireError.malformed("zlib compress failed with code \(rc)") }
        out.removeSubrange(Int(destLen)...)
        return out
    }

    /// Inflates a zlib stream that must produce exactly `originalSize` bytes.
    ///
    /// The size is checked against deflate's maximum ratio (~1032:1) before allocating, so a forged
    /// length cannot make us allocate far more than the input could ever expand to.
    static func decompress(_ input: [UInt8], originalSize: Int) throws -> [UInt8] {
        guard originalSize >= 0, originalSize <= input.count * 1032 + 64 else {
            throw WireError.malformed("zlib stream of \(input.count) bytes cannot inflate to \(originalSize) bytes")
        }
        var out = [UInt8](repeating: 0, count: max(originalSize, 1))
        var destLen = uLong(originalSize)
        var srcLen = uLong(input.count)
        let rc = out.withUnsafeMutableBufferPointer { dst in
            input.withUnsafeBufferPointer { src in
                uncompress2(dst.baseAddress, &destLen, src.baseAddress, &srcLen)
            }
        }
        guard rc == Z_OK, Int(destLen) == originalSize else {
            throw WireError.malformed("zlib stream did not inflate to \(originalSize) bytes (zlib code \(rc))")
        }
        if out.count != originalSize { out.removeAll() }
        return out
    }
}
