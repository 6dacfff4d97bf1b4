/// How to speak TLS to a cluster (SPEC.md §9 "TLS"): the CA that signs the nodes' certificates, an
/// optional client certificate for mutual TLS, and the TLS name the nodes' certificates must carry.
///
/// With a `TLSConfig` in ``ClusterConfig/tls`` every socket the client opens (tend and info, scans,
/// writes, login) is TLS, and peers are discovered with `peers-tls-std` instead of `peers-clear-std`.
/// The files are read once, when ``Cluster/connect(_:)`` starts; a problem with them is a
/// ``WireError/Code/tls`` error naming the file.
public struct TLSConfig: Sendable, Equatable {
    /// PEM file with the CA certificate(s) that sign the nodes' certificates (required). Only these are
    /// trusted: the system's CA bundle is not used.
    public var caFile: String
    /// PEM file with the client certificate chain (leaf first), for clusters that require client
    /// certificates. Must be given together with ``keyFile``.
    public var certificateFile: String?
    /// PEM file with the client certificate's private key (unencrypted: the client takes no key password).
    public var keyFile: String?
    /// The name every node's certificate must carry (subject alternative name, or common name when the
    /// certificate has no DNS names). nil: a seed's own TLS name (`host:tlsname:port`), else the seed's
    /// host name. Peers found through `peers-tls-std` are checked against the TLS name they advertise.
    public var name: String?

    /// Creates a TLS configuration.
    /// - Parameters:
    ///   - caFile: PEM file of the trusted CA certificate(s).
    ///   - certificateFile: client certificate chain for mutual TLS (needs `keyFile`).
    ///   - keyFile: private key of `certificateFile`.
    ///   - name: the TLS name the nodes' certificates must carry (see ``name``).
    public init(caFile: String, certificateFile: String? = nil, keyFile: String? = nil, name: String? = nil) {
        self.caFile = caFile
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        self.name = name
    }

    /// The TLS name to verify a node at `host` against: the host's own TLS name (from the seed list or
    /// `peers-tls-std`), else ``name``, else the host name itself.
    public func tlsName(for host: Host) -> String {
        if let own = host.tlsName, !own.isEmpty { return own }
        if let name, !name.isEmpty { return name }
        return host.name
    }
}
