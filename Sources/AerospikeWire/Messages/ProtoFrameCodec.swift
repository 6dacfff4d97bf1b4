import NIOCore

/// NIO decoder turning a byte stream into ``WireFrame``s (type-4 frames inflated to type 3; SPEC.md §12.1).
///
/// Rejects a proto version other than 2, unknown types and bodies over 128 MiB by throwing
/// ``WireError`` (the channel pipeline then fires the error and the connection is closed).
public final class ProtoFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = WireFrame

    /// Creates the codec.
    public init() {}

    /// Decodes one frame if complete.
    public func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try Self.decodeFrame(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(frame))
        return .continue
    }

    /// Decodes what is left at end of stream.
    public func decodeLast(
        context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool
    ) throws -> DecodingState {
        try decode(context: context, buffer: &buffer)
    }

    /// Reads one whole frame from `buffer` if it is complete; leaves the buffer untouched otherwise.
    public static func decodeFrame(from buffer: inout ByteBuffer) throws -> WireFrame? {
        guard let headerBytes = buffer.getBytes(at: buffer.readerIndex, length: WireFrame.headerSize) else {
            return nil
        }
        let (type, size) = try WireFrame.parseHeader(headerBytes)
        guard buffer.readableBytes >= WireFrame.headerSize + size else { return nil }
        buffer.moveReaderIndex(forwardBy: WireFrame.headerSize)
        guard let body = buffer.readBytes(length: size) else { return nil }
        return try WireFrame(type: type, body: body).inflated()
    }
}

/// NIO encoder writing a ``WireFrame`` as proto header + body.
public struct ProtoFrameEncoder: MessageToByteEncoder {
    public typealias OutboundIn = WireFrame

    /// Creates the codec.
    public init() {}

    /// Writes header and body.
    public func encode(data: WireFrame, out: inout ByteBuffer) throws {
        let header =
            UInt64(WireFrame.protoVersion) << 56 | UInt64(data.type.rawValue) << 48 | UInt64(data.body.count)
        out.writeInteger(header, endianness: .big)
        out.writeBytes(data.body)
    }
}
