import Foundation
import Testing
@testable import ArchiveStoreS3

/// Signature V4 against AWS's published vectors: the SigV4 test suite (`get-vanilla`, …; key
/// AKIDEXAMPLE, service `service`) and the S3 API reference's header-signing examples (key
/// AKIAIOSFODNN7EXAMPLE, 2013-05-24).
@Suite struct SigV4Tests {
    static let suite = SigV4(
        credentials: S3Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        region: "us-east-1", service: "service")
    static let suiteHeaders = [("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z")]

    static let s3Docs = SigV4(
        credentials: S3Credentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        region: "us-east-1")
    static let s3Host = ("host", "examplebucket.s3.amazonaws.com")
    static let s3Date = ("x-amz-date", "20130524T000000Z")

    static func signature(_ authorization: String) -> String {
        String(authorization.split(separator: "=").last ?? "")
    }

    /// AWS's "deriving the signing key" example (service `iam`).
    @Test func derivesThePublishedSigningKey() {
        var iam = Self.suite
        iam.service = "iam"
        #expect(iam.signingKey(date: "20150830").hexString
            == "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9")
    }

    @Test func getVanilla() {
        let request = SigV4.Request(method: "GET", path: "/", headers: Self.suiteHeaders)
        #expect(Self.suite.authorization(for: request, amzDate: "20150830T123600Z")
            == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
    }

    @Test func postVanilla() {
        let request = SigV4.Request(method: "POST", path: "/", headers: Self.suiteHeaders)
        #expect(Self.signature(Self.suite.authorization(for: request, amzDate: "20150830T123600Z"))
            == "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")
    }

    /// get-vanilla-query-order-key-case: parameters are sorted by name before signing.
    @Test func getVanillaQueryOrderKeyCase() {
        let request = SigV4.Request(
            method: "GET", path: "/", query: [("Param2", "value2"), ("Param1", "value1")], headers: Self.suiteHeaders)
        #expect(Self.signature(Self.suite.authorization(for: request, amzDate: "20150830T123600Z"))
            == "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")
    }

    /// get-utf8: the path arrives encoded (`/ሴ`).
    @Test func getUTF8() {
        let request = SigV4.Request(method: "GET", path: SigV4.uriEncode("/\u{1234}", keepSlash: true), headers: Self.suiteHeaders)
        #expect(request.path == "/%E1%88%B4")
        #expect(Self.signature(Self.suite.authorization(for: request, amzDate: "20150830T123600Z"))
            == "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85")
    }

    /// S3 example "GET Object": a ranged read.
    @Test func s3GetObjectWithRange() {
        let request = SigV4.Request(
            method: "GET", path: "/test.txt",
            headers: [Self.s3Host, ("range", "bytes=0-9"), ("x-amz-content-sha256", SHA256.emptyHex), Self.s3Date])
        #expect(Self.s3Docs.authorization(for: request, amzDate: "20130524T000000Z")
            == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
            + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    /// S3 example "PUT Object": a signed payload and a `$` in the key.
    @Test func s3PutObject() {
        let body = Array("Welcome to Amazon S3.".utf8)
        let hash = SHA256.hex(body)
        #expect(hash == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072")
        let request = SigV4.Request(
            method: "PUT", path: SigV4.uriEncode("/test$file.text", keepSlash: true),
            headers: [("date", "Fri, 24 May 2013 00:00:00 GMT"), Self.s3Host, ("x-amz-content-sha256", hash), Self.s3Date,
                      ("x-amz-storage-class", "REDUCED_REDUNDANCY")],
            payloadHash: hash)
        #expect(Self.signature(Self.s3Docs.authorization(for: request, amzDate: "20130524T000000Z"))
            == "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd")
    }

    /// S3 examples "GET Bucket Lifecycle" (a parameter without value) and "GET Bucket" (sorted query).
    @Test func s3BucketQueries() {
        let headers = [Self.s3Host, ("x-amz-content-sha256", SHA256.emptyHex), Self.s3Date]
        let lifecycle = SigV4.Request(method: "GET", path: "/", query: [("lifecycle", "")], headers: headers)
        #expect(Self.signature(Self.s3Docs.authorization(for: lifecycle, amzDate: "20130524T000000Z"))
            == "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543")
        let list = SigV4.Request(method: "GET", path: "/", query: [("prefix", "J"), ("max-keys", "2")], headers: headers)
        #expect(Self.signature(Self.s3Docs.authorization(for: list, amzDate: "20130524T000000Z"))
            == "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")
    }

    @Test func amzDateIsUTCBasicFormat() {
        #expect(SigV4.amzDate(Date(timeIntervalSince1970: 1_440_938_160)) == "20150830T123600Z")
    }

    @Test func uriEncodingKeepsOnlyUnreservedCharacters() {
        #expect(SigV4.uriEncode("a b/c~d+e=") == "a%20b%2Fc~d%2Be%3D")
        #expect(SigV4.uriEncode("data/3f/x y", keepSlash: true) == "data/3f/x%20y")
    }
}

extension Array where Element == UInt8 {
    var hexString: String { map { String(format: "%02x", $0) }.joined() }
}
