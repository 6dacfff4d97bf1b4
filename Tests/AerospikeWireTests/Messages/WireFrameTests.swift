import NIOCore
import Testing
@testable import AerospikeWire

@Suite struct WireFrameTests {
    @Test func compressedResponseInflatesToTypeThree() throws {
        var body: [UInt8] = []
        for i in 0..<50 {
            AsMessage(generation: UInt32(i), operations: [.write("bin", .string(String(repeating: "x", count: 100)))])
                .encode(into: &body)
        }
        let plain = WireFrame(type: .message, body: body)
        let compressed = try plain.compressed()
        #expect(compressed.type == .compressed)
        #expect(compressed.body.count < body.count / 5)
        // Inner length counts the inner 8-byte header.
        #expect(Array(compressed.body.prefix(8)) == bytesBE(Int64(body.count + 8)))
        var offset = 0
        let decoded = try #require(try WireFrame.decode(compressed.encoded(), at: &offset))
        #expect(decoded == plain)
        #expect(try AsMessage.decodeAll(decoded.body).count == 50)
    }

    @Test func corruptCompressedFramesThrow() throws {
        let compressed = try WireFrame(type: .message, body: [UInt8](repeating: 7, count: 300)).compressed()
        var wrongLength = compressed
        wrongLength.body[7] &+= 1
        #expect(throws: WireError.self) { try wrongLength.inflated() }
        var flipped = compressed
        flipped.body[flipped.body.count - 3] ^= 0xff
        #expect(throws: WireError.self) { try flipped.inflated() }
        var huge = compressed
        huge.body.replaceSubrange(0..<8, with: bytesBE(Int64(100_000_000)))
        #expect(throws: WireError.self) { try huge.inflated() }
    }

    @Test func headerRejectsBadVersionTypeAndSize() {
        #expect(throws: WireError.self) { try WireFrame.parseHeader([3, 3, 0, 0, 0, 0, 0, 0]) }
        #expect(throws: WireError.self) { try WireFrame.parseHeader([2, 9, 0, 0, 0, 0, 0, 0]) }
        #expect(throws: WireError.self) { try WireFrame.parseHeader([2, 3, 0, 0, 0x08, 0, 0, 1]) }
        #expect(throws: Never.self) { try WireFrame.parseHeader([2, 3, 0, 0, 0x08, 0, 0, 0]) }
    }

    @Test func nioDecoderWaitsForWholeFramesAndSplitsConcatenated() throws {
        let a = InfoCodec.request(["node"])
        let b = AsMessage(info3: Info3.last).frame()
        let all = a.encoded() + b.encoded()
        var buffer = ByteBuffer()
        var frames: [WireFrame] = []
        for byte in all {
            buffer.writeInteger(byte)
            while let f = try ProtoFrameDecoder.decodeFrame(from: &buffer) { frames.append(f) }
        }
        #expect(frames == [a, b])
        #expect(buffer.readableBytes == 0)
    }

    @Test func nioEncoderMatchesEncoded() throws {
        let f = AsMessage(info1: 1).frame()
        var out = ByteBuffer()
        try ProtoFrameEncoder().encode(data: f, out: &out)
        #expect(out.readBytes(length: out.readableBytes) == f.encoded())
    }
}
