import NIOCore
import NIOSSL

/// Turns what NIOSSL/BoringSSL report into a ``WireError/Code/tls`` whose message names the cause and
/// what to check (untrusted certificate, TLS name mismatch, missing client certificate, not a TLS port).
struct TLSFailure: Sendable {
    /// "host:port" of the node.
    var address: String
    /// The TLS name the node's certificate was checked against.
    var tlsName: String
    /// The CA file the certificate was checked with.
    var caFile: String
    /// Whether the client offered a certificate.
    var hasClientCertificate: Bool

    /// The error for `error` seen on a TLS connection. After the handshake only TLS alerts are
    /// ``WireError/Code/tls``; a dropped socket is a transient ``WireError/Code/connection`` as without TLS.
    func wireError(for error: any Error, afterHandshake: Bool) -> WireError {
        if let wire = error as? WireError { return wire }
        let text = String(describing: error)
        let message: String
        if text.contains("CERTIFICATE_VERIFY_FAILED") {
            message =
                "the certificate of \(address) is not trusted: it is not signed by a CA in \(caFile) "
                + "(or it has expired); give the CA file of the cluster's certificates"
        } else if text.contains("CERTIFICATE_REQUIRED") || (!hasClientCertificate && text.contains("HANDSHAKE_FAILURE")) {
            message =
                "\(address) requires a client certificate (mutual TLS) and none was given; configure a client "
                + "certificate and its key file"
        } else if text.contains("ALERT_BAD_CERTIFICATE") || text.contains("ALERT_UNKNOWN_CA")
            || text.contains("ALERT_CERTIFICATE_UNKNOWN") || text.contains("ALERT_DECRYPT_ERROR")
        {
            message =
                "\(address) refused the client certificate: it is not signed by a CA the cluster trusts"
        } else if text.contains("WRONG_VERSION_NUMBER") || text.contains("RECORD_TOO_LARGE")
            || text.contains("PACKET_LENGTH_TOO_LONG") || text.contains("HTTP_REQUEST")
            || text.contains("UNEXPECTED_RECORD")
        {
            message = "\(address) does not speak TLS on this port; is it a plaintext (non-TLS) port?"
        } else if afterHandshake {
            return WireError(.connection, "TLS connection to \(address) failed", cause: error)
        } else if text.contains("EOF during handshake") || text.contains("uncleanShutdown") {
            return closedDuringHandshake()
        } else {
            return WireError(.tls, "TLS handshake with \(address) failed", cause: error)
        }
        return WireError(.tls, message)  // the message says all; BoringSSL's error stack would only add noise
    }

    /// The error when the node's certificate does not carry the expected TLS name.
    func nameMismatch(certificateNames: [String]) -> WireError {
        let carried = certificateNames.isEmpty ? "no names" : certificateNames.joined(separator: ", ")
        return WireError(
            .tls,
            "the certificate of \(address) does not carry the TLS name '\(tlsName)' (it carries \(carried)); "
                + "give the name the node's certificate was issued for (host:tlsname:port seed or TLS name setting)")
    }

    /// The error when the node closed the socket before the handshake finished.
    func closedDuringHandshake() -> WireError {
        WireError(
            .tls,
            "\(address) closed the connection during the TLS handshake; is it a plaintext (non-TLS) port"
                + (hasClientCertificate ? "?" : ", or does the cluster require a client certificate?"))
    }

    /// The error when the handshake did not finish within `timeout`.
    func handshakeTimedOut(after timeout: TimeAmount) -> WireError {
        WireError(
            .timeout,
            "no TLS handshake reply from \(address) within \(timeout.nanoseconds / 1_000_000) ms; "
                + "is it a plaintext (non-TLS) port?")
    }
}
