import Foundation
import NIOSSL

/// Whether a node's certificate carries the TLS name the client expects (SPEC.md §12.9), checked after
/// BoringSSL has verified the chain against the CA.
///
/// Like the Aerospike clients, the name is matched against the certificate's names only, never against
/// the address the socket happens to be connected to: a certificate with `IP:127.0.0.1` does not match
/// the TLS name `db1` just because the node is reached on 127.0.0.1.
/// - A host-name TLS name matches a DNS subject alternative name (case-insensitive; `*.example.com`
///   matches exactly one left-most label), or the common name when the certificate has no DNS names.
/// - An IP-literal TLS name matches an IP subject alternative name with the same address.
enum TLSNameCheck {
    /// True if `certificate` carries `name`.
    static func certificate(_ certificate: NIOSSLCertificate, carries name: String) -> Bool {
        let sans = Array(certificate._subjectAlternativeNames())
        if let address = ipAddressBytes(name) {
            return sans.contains { $0.nameType == .ipAddress && Array($0.contents) == address }
        }
        let dnsNames = sans.filter { $0.nameType == .dnsName }.map { String(decoding: Array($0.contents), as: UTF8.self) }
        if !dnsNames.isEmpty { return dnsNames.contains { matches(dnsName: $0, name: name) } }
        return commonNames(of: certificate).contains { matches(dnsName: $0, name: name) }
    }

    /// The names a certificate carries (DNS and IP subject alternative names, else common names), for messages.
    static func names(of certificate: NIOSSLCertificate) -> [String] {
        var out: [String] = []
        for san in certificate._subjectAlternativeNames() {
            if san.nameType == .dnsName {
                out.append(String(decoding: Array(san.contents), as: UTF8.self))
            } else if san.nameType == .ipAddress {
                out.append("IP " + ipAddressText(Array(san.contents)))
            }
        }
        return out.isEmpty ? commonNames(of: certificate) : out
    }

    private static func commonNames(of certificate: NIOSSLCertificate) -> [String] {
        certificate.subjectName.filter { $0.type == .commonName }.map(\.value)
    }

    /// Case-insensitive comparison; a `*.` wildcard stands for exactly one non-empty left-most label.
    static func matches(dnsName: String, name: String) -> Bool {
        let pattern = dnsName.lowercased().trimmingSuffix(".")
        let host = name.lowercased().trimmingSuffix(".")
        if pattern.hasPrefix("*.") {
            guard let dot = host.firstIndex(of: "."), dot != host.startIndex else { return false }
            return host[dot...] == pattern.dropFirst()
        }
        return pattern == host
    }

    /// The 4 or 16 address bytes of an IP literal, nil for a host name.
    static func ipAddressBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    private static func ipAddressText(_ bytes: [UInt8]) -> String {
        bytes.count == 4 ? bytes.map(String.init).joined(separator: ".") : bytes.map { String(format: "%02x", $0) }.joined()
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> Substring {
        hasSuffix(suffix) ? dropLast(suffix.count) : self[...]
    }
}
