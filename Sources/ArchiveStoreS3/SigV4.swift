import ArchiveStore
import Foundation

/// AWS Signature Version 4 for request headers (SPEC.md §6 "S3 backend"), checked against AWS's
/// published test vectors (`SigV4Tests`).
///
/// The caller gives every header to sign (at least `host` and `x-amz-date`); the canonical URI is
/// taken as already encoded (S3 does not normalise or double-encode paths).
public struct SigV4: Sendable {
    public var credentials: S3Credentials
    public var region: String
    public var service: String

    public init(credentials: S3Credentials, region: String, service: String = "s3") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// A request to sign: `path` is the encoded canonical URI, `query` unencoded name/value pairs.
    public struct Request: Sendable {
        public var method: String
        public var path: String
        public var query: [(String, String)]
        public var headers: [(String, String)]
        public var payloadHash: String

        public init(
            method: String, path: String, query: [(String, String)] = [], headers: [(String, String)],
            payloadHash: String = SHA256.emptyHex
        ) {
            self.method = method
            self.path = path
            self.query = query
            self.headers = headers
            self.payloadHash = payloadHash
        }
    }

    /// The `Authorization` header value for `request` at `amzDate` (`YYYYMMDDTHHMMSSZ`, the same
    /// value the request carries in `x-amz-date`).
    public func authorization(for request: Request, amzDate: String) -> String {
        let (canonical, signedHeaders) = Self.canonicalRequest(request)
        let scope = "\(amzDate.prefix(8))/\(region)/\(service)/aws4_request"
        let stringToSign = "AWS4-HMAC-SHA256\n\(amzDate)\n\(scope)\n\(SHA256.hex(Array(canonical.utf8)))"
        let signature = HexCoding.encode(SHA256.hmac(key: signingKey(date: String(amzDate.prefix(8))), Array(stringToSign.utf8)))
        return "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }

    /// The derived key: HMAC chain over date, region, service and "aws4_request".
    func signingKey(date: String) -> [UInt8] {
        var key = Array("AWS4\(credentials.secretAccessKey)".utf8)
        for part in [date, region, service, "aws4_request"] { key = SHA256.hmac(key: key, Array(part.utf8)) }
        return key
    }

    /// The canonical request and the `SignedHeaders` list.
    static func canonicalRequest(_ request: Request) -> (String, String) {
        let query = canonicalQuery(request.query)
        var headers: [String: String] = [:]
        for (name, value) in request.headers {
            let trimmed = value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            let key = name.lowercased()
            headers[key] = headers[key].map { "\($0),\(trimmed)" } ?? trimmed
        }
        let names = headers.keys.sorted()
        let canonicalHeaders = names.map { "\($0):\(headers[$0]!)\n" }.joined()
        let signed = names.joined(separator: ";")
        let canonical = [request.method, request.path, query, canonicalHeaders, signed, request.payloadHash]
            .joined(separator: "\n")
        return (canonical, signed)
    }

    /// Name/value pairs encoded, sorted by name then value, joined as `a=1&b=2` (also the URL's query).
    public static func canonicalQuery(_ pairs: [(String, String)]) -> String {
        let encoded: [(name: String, value: String)] = pairs.map { (uriEncode($0.0), uriEncode($0.1)) }
        let sorted = encoded.sorted { $0.name == $1.name ? $0.value < $1.value : $0.name < $1.name }
        return sorted.map { $0.name + "=" + $0.value }.joined(separator: "&")
    }

    private static let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)

    /// RFC 3986 percent-encoding of everything but unreserved characters (and `/` when `keepSlash`).
    public static func uriEncode(_ text: String, keepSlash: Bool = false) -> String {
        var out = ""
        for byte in text.utf8 {
            if unreserved.contains(byte) || (keepSlash && byte == UInt8(ascii: "/")) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    /// `x-amz-date` format of `date` (UTC).
    public static func amzDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }
}
