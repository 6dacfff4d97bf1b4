/// RIPEMD-160 (Dobbertin, Bosselaers, Preneel 1996), used only for record digests (SPEC.md §12.3).
///
/// Checked against the published test vectors in `DigestTests`. The 2 × 80 steps are written out
/// (generated from the reference tables: message word order, shift amounts and round constants), so the
/// hot loop has no table lookups, no bounds checks and no allocations; one digest of a short key is a
/// single call to ``compress(_:_:)``.
enum RIPEMD160 {
    /// The five chaining words. Digest byte `i` is byte `i % 4` (little-endian) of word `i / 4`.
    typealias Words = (UInt32, UInt32, UInt32, UInt32, UInt32)

    private static let initial: Words = (0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0)

    /// Hashes `message` in one call and returns the 20 digest bytes.
    static func hash(_ message: [UInt8]) -> [UInt8] {
        bytes(message.withUnsafeBytes { hash($0) })
    }

    /// The 20 digest bytes of the chaining words.
    static func bytes(_ h: Words) -> [UInt8] {
        let le = (h.0.littleEndian, h.1.littleEndian, h.2.littleEndian, h.3.littleEndian, h.4.littleEndian)
        return withUnsafeBytes(of: le) { Array($0) }
    }

    /// Hashes `message` without allocating and returns the chaining words (see ``Words``).
    static func hash(_ message: UnsafeRawBufferPointer) -> Words {
        var h = initial
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 32) { x in
            let words = x.baseAddress!  // capacity 32 > 0, never nil
            var offset = 0
            while message.count - offset >= 64 {
                for i in 0..<16 {
                    let word = message.loadUnaligned(fromByteOffset: offset + 4 * i, as: UInt32.self)
                    words[i] = UInt32(littleEndian: word)
                }
                compress(&h, words)
                offset += 64
            }
            // Padding: 0x80, zeros, then the bit length as a little-endian u64 in the last 8 bytes of
            // the last block; one block if the tail leaves room for the length, else two.
            let tail = UnsafeMutableRawBufferPointer(x)
            tail.initializeMemory(as: UInt8.self, repeating: 0)
            let rest = message.count - offset
            if rest > 0 { tail.copyMemory(from: UnsafeRawBufferPointer(rebasing: message[offset...])) }
            tail[rest] = 0x80
            let blocks = rest < 56 ? 1 : 2
            let bitLength = UInt64(message.count) &* 8
            tail.storeBytes(of: bitLength.littleEndian, toByteOffset: blocks * 64 - 8, as: UInt64.self)
            for block in 0..<blocks {
                for i in 0..<16 { words[block * 16 + i] = UInt32(littleEndian: words[block * 16 + i]) }
                compress(&h, words + block * 16)
            }
        }
        return h
    }

    @inline(__always) private static func rol(_ v: UInt32, _ n: UInt32) -> UInt32 { (v << n) | (v >> (32 - n)) }

    /// One step: a = rol(a + f + x + k, s) + e; c = rol(c, 10), where f is the round's boolean function
    /// of b, c, d.
    @inline(__always) private static func step(
        _ a: inout UInt32, _ f: UInt32, _ c: inout UInt32, _ e: UInt32, _ x: UInt32, _ k: UInt32, _ s: UInt32
    ) {
        a = rol(a &+ f &+ x &+ k, s) &+ e
        c = rol(c, 10)
    }

    // The five rounds' steps, f1 = b ^ c ^ d … f5 = b ^ (c | ~d), named as in the reference description.
    @inline(__always) private static func f1(
        _ a: inout UInt32, _ b: UInt32, _ c: inout UInt32, _ d: UInt32, _ e: UInt32,
        _ x: UInt32, _ k: UInt32, _ s: UInt32
    ) { step(&a, b ^ c ^ d, &c, e, x, k, s) }

    @inline(__always) private static func f2(
        _ a: inout UInt32, _ b: UInt32, _ c: inout UInt32, _ d: UInt32, _ e: UInt32,
        _ x: UInt32, _ k: UInt32, _ s: UInt32
    ) { step(&a, (b & c) | (~b & d), &c, e, x, k, s) }

    @inline(__always) private static func f3(
        _ a: inout UInt32, _ b: UInt32, _ c: inout UInt32, _ d: UInt32, _ e: UInt32,
        _ x: UInt32, _ k: UInt32, _ s: UInt32
    ) { step(&a, (b | ~c) ^ d, &c, e, x, k, s) }

    @inline(__always) private static func f4(
        _ a: inout UInt32, _ b: UInt32, _ c: inout UInt32, _ d: UInt32, _ e: UInt32,
        _ x: UInt32, _ k: UInt32, _ s: UInt32
    ) { step(&a, (b & d) | (c & ~d), &c, e, x, k, s) }

    @inline(__always) private static func f5(
        _ a: inout UInt32, _ b: UInt32, _ c: inout UInt32, _ d: UInt32, _ e: UInt32,
        _ x: UInt32, _ k: UInt32, _ s: UInt32
    ) { step(&a, b ^ (c | ~d), &c, e, x, k, s) }

    /// One compression of the 16 message words at `x` into `h`.
    private static func compress(_ h: inout Words, _ x: UnsafePointer<UInt32>) {
        var (al, bl, cl, dl, el) = h
        var (ar, br, cr, dr, er) = h
        // Left line: f1…f5 with constants 0, ⌊2^30·√2⌋, ⌊2^30·√3⌋, ⌊2^30·√5⌋, ⌊2^30·√7⌋.
        f1(&al, bl, &cl, dl, el, x[0], 0, 11); f1(&el, al, &bl, cl, dl, x[1], 0, 14)
        f1(&dl, el, &al, bl, cl, x[2], 0, 15); f1(&cl, dl, &el, al, bl, x[3], 0, 12)
        f1(&bl, cl, &dl, el, al, x[4], 0, 5); f1(&al, bl, &cl, dl, el, x[5], 0, 8)
        f1(&el, al, &bl, cl, dl, x[6], 0, 7); f1(&dl, el, &al, bl, cl, x[7], 0, 9)
        f1(&cl, dl, &el, al, bl, x[8], 0, 11); f1(&bl, cl, &dl, el, al, x[9], 0, 13)
        f1(&al, bl, &cl, dl, el, x[10], 0, 14); f1(&el, al, &bl, cl, dl, x[11], 0, 15)
        f1(&dl, el, &al, bl, cl, x[12], 0, 6); f1(&cl, dl, &el, al, bl, x[13], 0, 7)
        f1(&bl, cl, &dl, el, al, x[14], 0, 9); f1(&al, bl, &cl, dl, el, x[15], 0, 8)
        f2(&el, al, &bl, cl, dl, x[7], 0x5A82_7999, 7); f2(&dl, el, &al, bl, cl, x[4], 0x5A82_7999, 6)
        f2(&cl, dl, &el, al, bl, x[13], 0x5A82_7999, 8); f2(&bl, cl, &dl, el, al, x[1], 0x5A82_7999, 13)
        f2(&al, bl, &cl, dl, el, x[10], 0x5A82_7999, 11); f2(&el, al, &bl, cl, dl, x[6], 0x5A82_7999, 9)
        f2(&dl, el, &al, bl, cl, x[15], 0x5A82_7999, 7); f2(&cl, dl, &el, al, bl, x[3], 0x5A82_7999, 15)
        f2(&bl, cl, &dl, el, al, x[12], 0x5A82_7999, 7); f2(&al, bl, &cl, dl, el, x[0], 0x5A82_7999, 12)
        f2(&el, al, &bl, cl, dl, x[9], 0x5A82_7999, 15); f2(&dl, el, &al, bl, cl, x[5], 0x5A82_7999, 9)
        f2(&cl, dl, &el, al, bl, x[2], 0x5A82_7999, 11); f2(&bl, cl, &dl, el, al, x[14], 0x5A82_7999, 7)
        f2(&al, bl, &cl, dl, el, x[11], 0x5A82_7999, 13); f2(&el, al, &bl, cl, dl, x[8], 0x5A82_7999, 12)
        f3(&dl, el, &al, bl, cl, x[3], 0x6ED9_EBA1, 11); f3(&cl, dl, &el, al, bl, x[10], 0x6ED9_EBA1, 13)
        f3(&bl, cl, &dl, el, al, x[14], 0x6ED9_EBA1, 6); f3(&al, bl, &cl, dl, el, x[4], 0x6ED9_EBA1, 7)
        f3(&el, al, &bl, cl, dl, x[9], 0x6ED9_EBA1, 14); f3(&dl, el, &al, bl, cl, x[15], 0x6ED9_EBA1, 9)
        f3(&cl, dl, &el, al, bl, x[8], 0x6ED9_EBA1, 13); f3(&bl, cl, &dl, el, al, x[1], 0x6ED9_EBA1, 15)
        f3(&al, bl, &cl, dl, el, x[2], 0x6ED9_EBA1, 14); f3(&el, al, &bl, cl, dl, x[7], 0x6ED9_EBA1, 8)
        f3(&dl, el, &al, bl, cl, x[0], 0x6ED9_EBA1, 13); f3(&cl, dl, &el, al, bl, x[6], 0x6ED9_EBA1, 6)
        f3(&bl, cl, &dl, el, al, x[13], 0x6ED9_EBA1, 5); f3(&al, bl, &cl, dl, el, x[11], 0x6ED9_EBA1, 12)
        f3(&el, al, &bl, cl, dl, x[5], 0x6ED9_EBA1, 7); f3(&dl, el, &al, bl, cl, x[12], 0x6ED9_EBA1, 5)
        f4(&cl, dl, &el, al, bl, x[1], 0x8F1B_BCDC, 11); f4(&bl, cl, &dl, el, al, x[9], 0x8F1B_BCDC, 12)
        f4(&al, bl, &cl, dl, el, x[11], 0x8F1B_BCDC, 14); f4(&el, al, &bl, cl, dl, x[10], 0x8F1B_BCDC, 15)
        f4(&dl, el, &al, bl, cl, x[0], 0x8F1B_BCDC, 14); f4(&cl, dl, &el, al, bl, x[8], 0x8F1B_BCDC, 15)
        f4(&bl, cl, &dl, el, al, x[12], 0x8F1B_BCDC, 9); f4(&al, bl, &cl, dl, el, x[4], 0x8F1B_BCDC, 8)
        f4(&el, al, &bl, cl, dl, x[13], 0x8F1B_BCDC, 9); f4(&dl, el, &al, bl, cl, x[3], 0x8F1B_BCDC, 14)
        f4(&cl, dl, &el, al, bl, x[7], 0x8F1B_BCDC, 5); f4(&bl, cl, &dl, el, al, x[15], 0x8F1B_BCDC, 6)
        f4(&al, bl, &cl, dl, el, x[14], 0x8F1B_BCDC, 8); f4(&el, al, &bl, cl, dl, x[5], 0x8F1B_BCDC, 6)
        f4(&dl, el, &al, bl, cl, x[6], 0x8F1B_BCDC, 5); f4(&cl, dl, &el, al, bl, x[2], 0x8F1B_BCDC, 12)
        f5(&bl, cl, &dl, el, al, x[4], 0xA953_FD4E, 9); f5(&al, bl, &cl, dl, el, x[0], 0xA953_FD4E, 15)
        f5(&el, al, &bl, cl, dl, x[5], 0xA953_FD4E, 5); f5(&dl, el, &al, bl, cl, x[9], 0xA953_FD4E, 11)
        f5(&cl, dl, &el, al, bl, x[7], 0xA953_FD4E, 6); f5(&bl, cl, &dl, el, al, x[12], 0xA953_FD4E, 8)
        f5(&al, bl, &cl, dl, el, x[2], 0xA953_FD4E, 13); f5(&el, al, &bl, cl, dl, x[10], 0xA953_FD4E, 12)
        f5(&dl, el, &al, bl, cl, x[14], 0xA953_FD4E, 5); f5(&cl, dl, &el, al, bl, x[1], 0xA953_FD4E, 12)
        f5(&bl, cl, &dl, el, al, x[3], 0xA953_FD4E, 13); f5(&al, bl, &cl, dl, el, x[8], 0xA953_FD4E, 14)
        f5(&el, al, &bl, cl, dl, x[11], 0xA953_FD4E, 11); f5(&dl, el, &al, bl, cl, x[6], 0xA953_FD4E, 8)
        f5(&cl, dl, &el, al, bl, x[15], 0xA953_FD4E, 5); f5(&bl, cl, &dl, el, al, x[13], 0xA953_FD4E, 6)
        // Right line: f5…f1 with constants ⌊2^30·∛2⌋, ⌊2^30·∛3⌋, ⌊2^30·∛5⌋, ⌊2^30·∛7⌋, 0.
        f5(&ar, br, &cr, dr, er, x[5], 0x50A2_8BE6, 8); f5(&er, ar, &br, cr, dr, x[14], 0x50A2_8BE6, 9)
        f5(&dr, er, &ar, br, cr, x[7], 0x50A2_8BE6, 9); f5(&cr, dr, &er, ar, br, x[0], 0x50A2_8BE6, 11)
        f5(&br, cr, &dr, er, ar, x[9], 0x50A2_8BE6, 13); f5(&ar, br, &cr, dr, er, x[2], 0x50A2_8BE6, 15)
        f5(&er, ar, &br, cr, dr, x[11], 0x50A2_8BE6, 15); f5(&dr, er, &ar, br, cr, x[4], 0x50A2_8BE6, 5)
        f5(&cr, dr, &er, ar, br, x[13], 0x50A2_8BE6, 7); f5(&br, cr, &dr, er, ar, x[6], 0x50A2_8BE6, 7)
        f5(&ar, br, &cr, dr, er, x[15], 0x50A2_8BE6, 8); f5(&er, ar, &br, cr, dr, x[8], 0x50A2_8BE6, 11)
        f5(&dr, er, &ar, br, cr, x[1], 0x50A2_8BE6, 14); f5(&cr, dr, &er, ar, br, x[10], 0x50A2_8BE6, 14)
        f5(&br, cr, &dr, er, ar, x[3], 0x50A2_8BE6, 12); f5(&ar, br, &cr, dr, er, x[12], 0x50A2_8BE6, 6)
        f4(&er, ar, &br, cr, dr, x[6], 0x5C4D_D124, 9); f4(&dr, er, &ar, br, cr, x[11], 0x5C4D_D124, 13)
        f4(&cr, dr, &er, ar, br, x[3], 0x5C4D_D124, 15); f4(&br, cr, &dr, er, ar, x[7], 0x5C4D_D124, 7)
        f4(&ar, br, &cr, dr, er, x[0], 0x5C4D_D124, 12); f4(&er, ar, &br, cr, dr, x[13], 0x5C4D_D124, 8)
        f4(&dr, er, &ar, br, cr, x[5], 0x5C4D_D124, 9); f4(&cr, dr, &er, ar, br, x[10], 0x5C4D_D124, 11)
        f4(&br, cr, &dr, er, ar, x[14], 0x5C4D_D124, 7); f4(&ar, br, &cr, dr, er, x[15], 0x5C4D_D124, 7)
        f4(&er, ar, &br, cr, dr, x[8], 0x5C4D_D124, 12); f4(&dr, er, &ar, br, cr, x[12], 0x5C4D_D124, 7)
        f4(&cr, dr, &er, ar, br, x[4], 0x5C4D_D124, 6); f4(&br, cr, &dr, er, ar, x[9], 0x5C4D_D124, 15)
        f4(&ar, br, &cr, dr, er, x[1], 0x5C4D_D124, 13); f4(&er, ar, &br, cr, dr, x[2], 0x5C4D_D124, 11)
        f3(&dr, er, &ar, br, cr, x[15], 0x6D70_3EF3, 9); f3(&cr, dr, &er, ar, br, x[5], 0x6D70_3EF3, 7)
        f3(&br, cr, &dr, er, ar, x[1], 0x6D70_3EF3, 15); f3(&ar, br, &cr, dr, er, x[3], 0x6D70_3EF3, 11)
        f3(&er, ar, &br, cr, dr, x[7], 0x6D70_3EF3, 8); f3(&dr, er, &ar, br, cr, x[14], 0x6D70_3EF3, 6)
        f3(&cr, dr, &er, ar, br, x[6], 0x6D70_3EF3, 6); f3(&br, cr, &dr, er, ar, x[9], 0x6D70_3EF3, 14)
        f3(&ar, br, &cr, dr, er, x[11], 0x6D70_3EF3, 12); f3(&er, ar, &br, cr, dr, x[8], 0x6D70_3EF3, 13)
        f3(&dr, er, &ar, br, cr, x[12], 0x6D70_3EF3, 5); f3(&cr, dr, &er, ar, br, x[2], 0x6D70_3EF3, 14)
        f3(&br, cr, &dr, er, ar, x[10], 0x6D70_3EF3, 13); f3(&ar, br, &cr, dr, er, x[0], 0x6D70_3EF3, 13)
        f3(&er, ar, &br, cr, dr, x[4], 0x6D70_3EF3, 7); f3(&dr, er, &ar, br, cr, x[13], 0x6D70_3EF3, 5)
        f2(&cr, dr, &er, ar, br, x[8], 0x7A6D_76E9, 15); f2(&br, cr, &dr, er, ar, x[6], 0x7A6D_76E9, 5)
        f2(&ar, br, &cr, dr, er, x[4], 0x7A6D_76E9, 8); f2(&er, ar, &br, cr, dr, x[1], 0x7A6D_76E9, 11)
        f2(&dr, er, &ar, br, cr, x[3], 0x7A6D_76E9, 14); f2(&cr, dr, &er, ar, br, x[11], 0x7A6D_76E9, 14)
        f2(&br, cr, &dr, er, ar, x[15], 0x7A6D_76E9, 6); f2(&ar, br, &cr, dr, er, x[0], 0x7A6D_76E9, 14)
        f2(&er, ar, &br, cr, dr, x[5], 0x7A6D_76E9, 6); f2(&dr, er, &ar, br, cr, x[12], 0x7A6D_76E9, 9)
        f2(&cr, dr, &er, ar, br, x[2], 0x7A6D_76E9, 12); f2(&br, cr, &dr, er, ar, x[13], 0x7A6D_76E9, 9)
        f2(&ar, br, &cr, dr, er, x[9], 0x7A6D_76E9, 12); f2(&er, ar, &br, cr, dr, x[7], 0x7A6D_76E9, 5)
        f2(&dr, er, &ar, br, cr, x[10], 0x7A6D_76E9, 15); f2(&cr, dr, &er, ar, br, x[14], 0x7A6D_76E9, 8)
        f1(&br, cr, &dr, er, ar, x[12], 0, 8); f1(&ar, br, &cr, dr, er, x[15], 0, 5)
        f1(&er, ar, &br, cr, dr, x[10], 0, 12); f1(&dr, er, &ar, br, cr, x[4], 0, 9)
        f1(&cr, dr, &er, ar, br, x[1], 0, 12); f1(&br, cr, &dr, er, ar, x[5], 0, 5)
        f1(&ar, br, &cr, dr, er, x[8], 0, 14); f1(&er, ar, &br, cr, dr, x[7], 0, 6)
        f1(&dr, er, &ar, br, cr, x[6], 0, 8); f1(&cr, dr, &er, ar, br, x[2], 0, 13)
        f1(&br, cr, &dr, er, ar, x[13], 0, 6); f1(&ar, br, &cr, dr, er, x[14], 0, 5)
        f1(&er, ar, &br, cr, dr, x[0], 0, 15); f1(&dr, er, &ar, br, cr, x[3], 0, 13)
        f1(&cr, dr, &er, ar, br, x[9], 0, 11); f1(&br, cr, &dr, er, ar, x[11], 0, 11)
        let t = h.1 &+ cl &+ dr
        h.1 = h.2 &+ dl &+ er
        h.2 = h.3 &+ el &+ ar
        h.3 = h.4 &+ al &+ br
        h.4 = h.0 &+ bl &+ cr
        h.0 = t
    }
}
