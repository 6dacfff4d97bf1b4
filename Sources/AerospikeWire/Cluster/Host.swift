/// A node address, with the TLS name its certificate must carry when the cluster speaks TLS (SPEC.md
/// §12.6 "Peers", §12.9).
public struct Host: Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var port: Int
    /// The node's TLS name (from a `host:tlsname:port` seed or a `peers-tls-std` entry); nil = use
    /// ``TLSConfig/name``, else the host name. Ignored without TLS.
    public var tlsName: String?

    public init(_ name: String, _ port: Int = 3000, tlsName: String? = nil) {
        self.name = name
        self.port = port
        self.tlsName = tlsName
    }

    /// Parses `a.b.c.d`, `a.b.c.d:port`, `[ipv6]`, `[ipv6]:port` (port defaults to `defaultPort`).
    public init?(parsing text: String, defaultPort: Int) {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            name = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if rest.isEmpty {
                port = defaultPort
            } else {
                guard rest.hasPrefix(":"), let p = Int(rest.dropFirst()) else { return nil }
                port = p
            }
        } else if let colon = text.lastIndex(of: ":") {
            name = String(text[..<colon])
            guard let p = Int(text[text.index(after: colon)...]) else { return nil }
            port = p
        } else {
            name = text
            port = defaultPort
        }
        guard !name.isEmpty, (1...65535).contains(port) else { return nil }
    }

    public var description: String { name.contains(":") ? "[\(name)]:\(port)" : "\(name):\(port)" }
}
