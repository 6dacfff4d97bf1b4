/// TLS for a simulated cluster: every node then serves TLS (only) on its port, like a node whose
/// `network.service` has `tls-port` and no clear `port` (SPEC.md §13.15 "TLS").
public struct SimTLSConfig: Sendable, Equatable {
    /// PEM file with the nodes' certificate chain (leaf first); every node presents it.
    public var certificateFile: String
    /// PEM file with the certificate's private key (unencrypted).
    public var keyFile: String
    /// The nodes' TLS name, advertised in `peers-tls-std` (the name the certificate carries).
    public var name: String
    /// PEM file of the CA(s) that sign client certificates; set = mutual TLS, every client must present a
    /// certificate signed by one of them (the server's `tls-authenticate-client any`).
    public var clientCAFile: String?

    /// Creates a TLS configuration for the simulator.
    public init(certificateFile: String, keyFile: String, name: String, clientCAFile: String? = nil) {
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        self.name = name
        self.clientCAFile = clientCAFile
    }

    /// Checks the TLS name, throwing ``SimError`` `.invalidConfig` (the files are checked by `start()`).
    func validate() throws {
        guard !name.isEmpty, !name.contains(where: { ",[]:; \t\n".contains($0) }) else {
            throw SimError(.invalidConfig, "TLS name \"\(name)\" must be non-empty without , [ ] : ; or whitespace")
        }
    }
}
