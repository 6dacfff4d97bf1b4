import ArchiveStore

/// Where an S3 repository lives, parsed from the part of `--repo s3:…` after `s3:` (SPEC.md §6
/// "S3 backend"): `http(s)://HOST[:PORT]/BUCKET[/PREFIX]`, or restic's scheme-less
/// `s3.REGION.amazonaws.com/BUCKET[/PREFIX]` (HTTPS).
public struct S3Location: Sendable, Equatable {
    /// How the bucket is addressed: in the path (`host/bucket/key`) or as a subdomain (`bucket.host/key`).
    public enum Addressing: String, Sendable {
        case path, virtualHost
    }

    public var secure: Bool
    public var host: String
    public var port: Int?
    public var bucket: String
    /// Key prefix without leading or trailing `/` (empty for the bucket's root).
    public var prefix: String
    public var addressing: Addressing

    /// - Parameter lookup: `path`, `dns` or `auto` (nil = auto): auto uses virtual-host addressing
    ///   for AWS hosts (`*.amazonaws.com`) when the bucket name is a plain DNS label, path otherwise.
    /// - Throws: `.invalidArgument` naming what is wrong.
    public init(parsing text: String, lookup: String? = nil) throws {
        func bad(_ why: String) -> ArchiveStoreError {
            ArchiveStoreError(
                .invalidArgument,
                "S3 location 's3:\(text)' \(why); write s3:http(s)://HOST[:PORT]/BUCKET[/PREFIX] or s3:s3.REGION.amazonaws.com/BUCKET[/PREFIX]")
        }
        var rest = Substring(text)
        if rest.hasPrefix("https://") {
            secure = true
            rest = rest.dropFirst(8)
        } else if rest.hasPrefix("http://") {
            secure = false
            rest = rest.dropFirst(7)
        } else if rest.contains("://") {
            throw bad("has a scheme other than http or https")
        } else {
            secure = true
        }
        let parts = rest.split(separator: "/", omittingEmptySubsequences: false)
        guard let authority = parts.first, !authority.isEmpty else { throw bad("names no host") }
        if let colon = authority.lastIndex(of: ":") {
            guard let port = Int(authority[authority.index(after: colon)...]), (1...65535).contains(port) else {
                throw bad("has an invalid port")
            }
            host = String(authority[..<colon])
            self.port = port
        } else {
            host = String(authority)
            port = nil
        }
        guard !host.isEmpty, host.allSatisfy({ $0.isLetter || $0.isNumber || "-.".contains($0) }) else {
            throw bad("has an invalid host name")
        }
        var path = parts.dropFirst()
        while path.last == "" { path = path.dropLast() }
        guard let bucket = path.first, !bucket.isEmpty else { throw bad("names no bucket") }
        guard bucket.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0)) }) else {
            throw bad("has an invalid bucket name '\(bucket)'")
        }
        self.bucket = String(bucket)
        let prefixParts = path.dropFirst()
        guard prefixParts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else {
            throw bad("has an empty, '.' or '..' segment in its prefix")
        }
        prefix = prefixParts.joined(separator: "/")
        switch lookup?.lowercased() {
        case nil, "", "auto":
            let dnsBucket = bucket.allSatisfy { ($0.isLowercase || $0.isNumber || $0 == "-") && $0.isASCII }
            addressing = host.hasSuffix(".amazonaws.com") && dnsBucket ? .virtualHost : .path
        case "path": addressing = .path
        case "dns": addressing = .virtualHost
        case let other?:
            throw ArchiveStoreError(.invalidArgument, "AEROVAULT_S3_BUCKET_LOOKUP is '\(other)'; use auto, path or dns")
        }
    }

    /// The region an AWS host names (`s3.REGION.amazonaws.com`, `s3-REGION.amazonaws.com`); nil for
    /// `s3.amazonaws.com` and other hosts.
    public var hostRegion: String? {
        guard host.hasSuffix(".amazonaws.com") else { return nil }
        let labels = host.split(separator: ".")
        guard labels.count >= 3 else { return nil }
        let label = labels[labels.count - 3]
        if label.hasPrefix("s3-") { return String(label.dropFirst(3)) }
        return labels.count >= 4 && labels[labels.count - 4] == "s3" ? String(label) : nil
    }

    /// The `Host` header value: the request host and a port other than the scheme's default.
    public var hostHeader: String {
        let name = addressing == .virtualHost ? "\(bucket).\(host)" : host
        guard let port, port != (secure ? 443 : 80) else { return name }
        return "\(name):\(port)"
    }

    /// The encoded request path for `key` (relative to the bucket; empty for the bucket itself).
    public func requestPath(key: String) -> String {
        let encoded = SigV4.uriEncode(key, keepSlash: true)
        switch addressing {
        case .path: return key.isEmpty ? "/\(bucket)" : "/\(bucket)/\(encoded)"
        case .virtualHost: return "/\(encoded)"
        }
    }

    /// The object key of a repository file (SPEC.md §6 layout under the prefix).
    public func key(_ kind: FileKind, _ name: String) -> String {
        prefix.isEmpty ? kind.path(of: name) : "\(prefix)/\(kind.path(of: name))"
    }

    /// The key prefix under which files of `kind` live (ends with `/`).
    public func listPrefix(_ kind: FileKind) -> String {
        prefix.isEmpty ? "\(kind.prefix)/" : "\(prefix)/\(kind.prefix)/"
    }

    /// The location as given to `--repo`, for messages.
    public var description: String {
        "s3:\(secure ? "https" : "http")://\(port.map { "\(host):\($0)" } ?? host)/\(bucket)\(prefix.isEmpty ? "" : "/" + prefix)"
    }
}
