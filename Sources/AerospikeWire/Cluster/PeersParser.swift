/// One entry of a `peers-clear-std` / `peers-tls-std` reply.
public struct Peer: Equatable, Sendable {
    public var nodeID: String
    /// The peer's TLS name (empty in `peers-clear-*` replies); copied into each of ``hosts``.
    public var tlsName: String
    public var hosts: [Host]
}

/// Parses `peers-*` info replies: `gen,default_port,[[id,tls,[host,…]],…]` (SPEC.md §12.6 "Peers").
public enum PeersParser {
    /// - Throws: ``WireError/Code/malformed`` on any syntax error.
    public static func parse(_ text: String) throws -> (generation: Int, peers: [Peer]) {
        var s = Substring(text)
        func fail(_ why: String) -> WireError { WireError.malformed("peers reply '\(text.prefix(80))': \(why)") }
        guard let c1 = s.firstIndex(of: ",") else { throw fail("no generation") }
        guard let gen = Int(s[..<c1]) else { throw fail("bad generation") }
        s = s[s.index(after: c1)...]
        guard let c2 = s.firstIndex(of: ",") else { throw fail("no default port") }
        let defaultPort = Int(s[..<c2]) ?? 3000
        s = s[s.index(after: c2)...]
        guard s.hasPrefix("["), s.hasSuffix("]") else { throw fail("peer list not bracketed") }
        s = s.dropFirst().dropLast()
        var peers: [Peer] = []
        while !s.isEmpty {
            guard s.hasPrefix("[") else { throw fail("peer not bracketed") }
            s = s.dropFirst()
            guard let a = s.firstIndex(of: ",") else { throw fail("peer without id") }
            let id = String(s[..<a])
            s = s[s.index(after: a)...]
            guard let b = s.firstIndex(of: ",") else { throw fail("peer without tls name") }
            let tls = String(s[..<b])
            s = s[s.index(after: b)...]
            guard s.hasPrefix("["), let end = s.firstIndex(of: "]") else { throw fail("host list not bracketed") }
            // IPv6 hosts are themselves bracketed: find the list's closing bracket by depth.
            var depth = 0
            var closeIndex: Substring.Index?
            for i in s.indices {
                if s[i] == "[" { depth += 1 } else if s[i] == "]" {
                    depth -= 1
                    if depth == 0 {
                        closeIndex = i
                        break
                    }
                }
            }
            _ = end
            guard let close = closeIndex else { throw fail("unterminated host list") }
            let hostList = s[s.index(after: s.startIndex)..<close]
            var hosts: [Host] = []
            for h in splitHosts(hostList) {
                guard var host = Host(parsing: String(h), defaultPort: defaultPort) else { throw fail("bad host '\(h)'") }
                if !tls.isEmpty { host.tlsName = tls }
                hosts.append(host)
            }
            s = s[s.index(after: close)...]
            guard s.hasPrefix("]") else { throw fail("peer not closed") }
            s = s.dropFirst()
            if s.hasPrefix(",") { s = s.dropFirst() }
            peers.append(Peer(nodeID: id, tlsName: tls, hosts: hosts))
        }
        return (gen, peers)
    }

    private static func splitHosts(_ s: Substring) -> [Substring] {
        var out: [Substring] = []
        var depth = 0
        var start = s.startIndex
        for i in s.indices {
            switch s[i] {
            case "[": depth += 1
            case "]": depth -= 1
            case "," where depth == 0:
                out.append(s[start..<i])
                start = s.index(after: i)
            default: break
            }
        }
        if start < s.endIndex { out.append(s[start...]) }
        return out.filter { !$0.isEmpty }
    }
}
