import NIOCore

/// First handler of a plaintext connection: if the node's first bytes are a TLS record (an alert or a
/// handshake, `0x15`/`0x16` then major version `0x03`), the port serves TLS and the proto decoder would
/// only see garbage, so this fails the connection with a ``WireError/Code/tls`` that says so.
/// Otherwise it removes itself after the first read and costs nothing more.
///
/// A proto frame never starts like this: its first byte is the proto version, 2.
final class PlaintextTLSDetector: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let address: String
    private var buffered: ByteBuffer?

    init(address: String) { self.address = address }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        if var held = buffered {
            held.writeBuffer(&incoming)
            incoming = held
            buffered = nil
        }
        guard let first = incoming.getInteger(at: incoming.readerIndex, as: UInt8.self) else { return }
        guard let second = incoming.getInteger(at: incoming.readerIndex + 1, as: UInt8.self) else {
            buffered = incoming  // one byte so far: wait for the second
            return
        }
        if (first == 0x15 || first == 0x16) && second == 0x03 {
            context.fireErrorCaught(
                WireError(
                    .tls,
                    "\(address) answered with TLS: the node serves TLS on this port; enable TLS "
                        + "(CA file and TLS name) to talk to it"))
            context.close(promise: nil)
            return
        }
        context.fireChannelRead(wrapInboundOut(incoming))
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let held = buffered {
            buffered = nil
            context.fireChannelRead(wrapInboundOut(held))
        }
        context.fireChannelInactive()
    }
}
