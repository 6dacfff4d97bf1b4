import ArchiveStore
import S3TestSupport
import Testing
@testable import ArchiveStoreS3

@Suite struct S3LocationTests {
    @Test func resticFormWithSchemePortAndPrefix() throws {
        let location = try S3Location(parsing: "http://127.0.0.1:9000/bucket/some/prefix/")
        #expect(location.secure == false)
        #expect(location.host == "127.0.0.1")
        #expect(location.port == 9000)
        #expect(location.bucket == "bucket")
        #expect(location.prefix == "some/prefix")
        #expect(location.addressing == .path)
        #expect(location.hostHeader == "127.0.0.1:9000")
        #expect(location.key(.pack, "3fab") == "some/prefix/data/3f/3fab")
        #expect(location.key(.config, "config") == "some/prefix/config")
        #expect(location.listPrefix(.index) == "some/prefix/index/")
        #expect(location.requestPath(key: "some/prefix/keys/a b") == "/bucket/some/prefix/keys/a%20b")
        #expect(location.requestPath(key: "") == "/bucket")
        #expect(location.description == "s3:http://127.0.0.1:9000/bucket/some/prefix")
    }

    @Test func awsHostWithoutSchemeIsHTTPSVirtualHostWithItsRegion() throws {
        let location = try S3Location(parsing: "s3.eu-west-1.amazonaws.com/my-bucket/vault")
        #expect(location.secure)
        #expect(location.hostRegion == "eu-west-1")
        #expect(location.addressing == .virtualHost)
        #expect(location.hostHeader == "my-bucket.s3.eu-west-1.amazonaws.com")
        #expect(location.requestPath(key: "vault/config") == "/vault/config")
        #expect(location.key(.lock, "l1") == "vault/locks/l1")
        #expect(try S3Location(parsing: "s3.amazonaws.com/b1b").hostRegion == nil)
        #expect(try S3Location(parsing: "https://s3-us-west-2.amazonaws.com/b1b").hostRegion == "us-west-2")
    }

    @Test func bucketLookupOverridesAddressing() throws {
        #expect(try S3Location(parsing: "s3.eu-west-1.amazonaws.com/bkt", lookup: "path").addressing == .path)
        let dns = try S3Location(parsing: "https://minio.local:9000/bkt", lookup: "dns")
        #expect(dns.addressing == .virtualHost)
        #expect(dns.hostHeader == "bkt.minio.local:9000")
        // A bucket with dots cannot be a TLS subdomain of amazonaws.com: auto keeps it in the path.
        #expect(try S3Location(parsing: "s3.eu-west-1.amazonaws.com/my.bucket").addressing == .path)
        #expect(try S3Location(parsing: "https://host:443/bkt").hostHeader == "host")
        #expect(throws: ArchiveStoreError.self) { try S3Location(parsing: "http://h/bkt", lookup: "sideways") }
    }

    @Test(arguments: [
        "", "http://", "http:///bucket", "ftp://host/bucket", "http://host", "http://host/", "http://host:0/b",
        "http://host:99999/b", "http://host:x/b", "http://ho st/b", "http://host/bu*cket", "http://host/b//p",
        "http://host/b/../p", "http://host/b/./p",
    ])
    func malformedLocationsAreRefused(text: String) {
        let error = #expect(throws: ArchiveStoreError.self) { try S3Location(parsing: text) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("s3:\(text)") == true)
    }

    /// The CLI's `--repo s3:…` reaches this parser: RepositoryLocation keeps the rest after `s3:`.
    @Test func repositoryLocationHandsOverTheRest() throws {
        let parsed = try RepositoryLocation(parsing: "s3:http://127.0.0.1:9000/bucket/p")
        #expect(parsed.kind == .unsupported(scheme: "s3", rest: "http://127.0.0.1:9000/bucket/p"))
        let backend = try S3Backend(parsing: "http://127.0.0.1:9000/bucket/p", environment: MotoServer.credentials)
        #expect(backend.location == "s3:http://127.0.0.1:9000/bucket/p")
        #expect(backend.client.signer.region == "us-east-1")
        let regional = try S3Backend(
            parsing: "http://127.0.0.1:9000/bucket", environment: MotoServer.credentials.merging(["AWS_REGION": "ap-south-1"]) { $1 })
        #expect(regional.client.signer.region == "ap-south-1")
    }
}
