/// A small, fast, seedable PRNG (xoshiro256**) for deterministic seeding. Not for security.
struct SeedRandom {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Seeds the generator from a seed and a stream number (e.g. the record index) via splitmix64.
    init(seed: UInt64, stream: UInt64) {
        var x = seed ^ (stream &* 0xD1B5_4A32_D192_ED03)
        func splitmix(_ x: inout UInt64) -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitmix(&x)
        s1 = splitmix(&x)
        s2 = splitmix(&x)
        s3 = splitmix(&x)
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// A uniform integer in `range`.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next() % span)
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool {
        Double(next() >> 11) / Double(1 << 53) < p
    }

    /// `count` random bytes, 8 at a time (little-endian), written straight into the new array.
    mutating func bytes(_ count: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buf, initialized in
            fill(UnsafeMutableRawBufferPointer(buf))
            initialized = count
        }
    }

    /// Fills `buf` with random bytes, 8 at a time (little-endian).
    private mutating func fill(_ buf: UnsafeMutableRawBufferPointer) {
        let count = buf.count
        var i = 0
        while i + 8 <= count {
            buf.storeBytes(of: next().littleEndian, toByteOffset: i, as: UInt64.self)
            i += 8
        }
        if i < count {
            let last = next()
            for j in i..<count { buf[j] = UInt8(truncatingIfNeeded: last >> UInt64(8 * (j - i))) }
        }
    }

    /// `count` lowercase ASCII letters as UTF-8 bytes.
    mutating func letters(_ count: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buf, initialized in
            fillLetters(buf)
            initialized = count
        }
    }

    /// Fills `chars` with lowercase ASCII letters: up to 8 letters from each 64-bit draw.
    private mutating func fillLetters(_ chars: UnsafeMutableBufferPointer<UInt8>) {
        var bits = next()
        for i in 0..<chars.count {
            if i % 8 == 7 { bits = next() }
            chars[i] = 97 + UInt8(truncatingIfNeeded: bits % 26)
            bits /= 26
        }
    }

    /// `prefix` followed by a lowercase ASCII word of `count` letters (no heap allocation up to 15 bytes).
    mutating func word(_ count: Int, prefix: String = "") -> String {
        var head = prefix
        return head.withUTF8 { head in
            String(unsafeUninitializedCapacity: head.count + count) { buf in
                _ = buf.initialize(from: head)
                fillLetters(UnsafeMutableBufferPointer(rebasing: buf[head.count...]))
                return head.count + count
            }
        }
    }
}
