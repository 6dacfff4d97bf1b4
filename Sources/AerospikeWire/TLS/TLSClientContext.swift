import Foundation
import NIOCore
import NIOSSL

/// A loaded ``TLSConfig``: trust roots, optional client identity and the BoringSSL context, built once
/// per ``Cluster`` and shared by every connection it opens.
final class TLSClientContext: Sendable {
    /// The configuration the context was loaded from.
    let config: TLSConfig
    private let context: NIOSSLContext

    /// Reads and checks the configured files.
    /// - Throws: ``WireError/Code/tls`` naming the file that is missing, unreadable, not PEM, encrypted,
    ///   or a certificate and key that do not belong together.
    init(_ config: TLSConfig) throws {
        self.config = config
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        // BoringSSL verifies the chain; the TLS name is checked by TLSNameCheck after the handshake, because
        // NIOSSL's host-name check would also accept an IP SAN equal to the connected address.
        tls.certificateVerification = .noHostnameVerification
        tls.trustRoots = .certificates(try TLSFiles.certificates(at: config.caFile, role: "CA file"))
        switch (config.certificateFile, config.keyFile) {
        case (nil, nil):
            break
        case (let certificateFile?, let keyFile?):
            let chain = try TLSFiles.certificates(at: certificateFile, role: "client certificate file")
            tls.certificateChain = chain.map { .certificate($0) }
            tls.privateKey = .privateKey(try TLSFiles.privateKey(at: keyFile))
        case (nil, let keyFile?):
            throw WireError(.tls, "TLS key file \(keyFile) was given without a client certificate file; give both")
        case (let certificateFile?, nil):
            throw WireError(
                .tls, "TLS client certificate file \(certificateFile) was given without its key file; give both")
        }
        do {
            context = try NIOSSLContext(configuration: tls)
        } catch {
            throw WireError(
                .tls,
                "cannot use client certificate \(config.certificateFile ?? "-") with key \(config.keyFile ?? "-"): "
                    + "the key does not belong to the certificate (\(error))",
                cause: error)
        }
    }

    /// Whether a client certificate is configured (mutual TLS).
    var hasClientCertificate: Bool { config.certificateFile != nil }

    /// A client handler that verifies the server certificate chain against the CA and sends `tlsName` as SNI
    /// (an IP-literal name is not sent: SNI carries host names only). The name itself is checked by
    /// ``TLSHandshakeHandler`` with ``TLSNameCheck``. Must be called on the channel's event loop.
    func makeHandler(tlsName: String) throws -> NIOSSLClientHandler {
        do {
            return try NIOSSLClientHandler(context: context, serverHostname: tlsName)
        } catch let error as NIOSSLExtraError where error == .cannotUseIPAddressInSNI {
            return try NIOSSLClientHandler(context: context, serverHostname: nil)
        } catch {
            throw WireError(.tls, "TLS name '\(tlsName)' cannot be used as a server name: \(error)", cause: error)
        }
    }
}
