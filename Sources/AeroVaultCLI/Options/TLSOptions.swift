import AerospikeWire
import ArgumentParser

/// TLS flags of ``ClusterOptions``, with asbackup's names (SPEC.md §14 "Cluster connection flags").
///
/// `--tls-enable` turns TLS on for every connection and needs `--tls-cafile`; `--tls-certfile` and
/// `--tls-keyfile` (together) add a client certificate for clusters that require one. No key password
/// is taken: secrets never go on the command line, and an encrypted key file is refused.
struct TLSOptions: ParsableArguments {
    @Flag(name: .customLong("tls-enable"), help: "Connect to the cluster with TLS (needs --tls-cafile).")
    var enable = false

    @Option(
        name: .customLong("tls-name"),
        help: ArgumentHelp(
            "Name the nodes' certificates must carry (default: each seed's HOST:TLSNAME:PORT name, else its host).",
            valueName: "name"))
    var name: String?

    @Option(
        name: .customLong("tls-cafile"),
        help: ArgumentHelp("PEM file of the CA that signed the nodes' certificates.", valueName: "file"))
    var caFile: String?

    @Option(
        name: .customLong("tls-certfile"),
        help: ArgumentHelp("PEM client certificate chain, for clusters that require one (needs --tls-keyfile).", valueName: "file"))
    var certificateFile: String?

    @Option(
        name: .customLong("tls-keyfile"),
        help: ArgumentHelp("PEM private key of --tls-certfile (unencrypted).", valueName: "file"))
    var keyFile: String?

    func validate() throws {
        let given = [("--tls-name", name), ("--tls-cafile", caFile), ("--tls-certfile", certificateFile), ("--tls-keyfile", keyFile)]
        if !enable, let (flag, _) = given.first(where: { $0.1 != nil }) {
            throw ValidationError("\(flag) needs --tls-enable")
        }
        guard enable else { return }
        guard caFile != nil else { throw ValidationError("--tls-enable needs --tls-cafile (the CA of the cluster's certificates)") }
        if (certificateFile == nil) != (keyFile == nil) {
            throw ValidationError("--tls-certfile and --tls-keyfile go together")
        }
        if let name, name.isEmpty { throw ValidationError("--tls-name must not be empty") }
    }

    /// The client TLS configuration (nil without `--tls-enable`).
    var config: TLSConfig? {
        guard enable, let caFile else { return nil }
        return TLSConfig(caFile: caFile, certificateFile: certificateFile, keyFile: keyFile, name: name)
    }
}
