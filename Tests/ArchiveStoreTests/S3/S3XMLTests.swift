import ArchiveStore
import Foundation
import S3XML
import Testing
@testable import ArchiveStoreS3

@Suite struct S3XMLTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func listPageWithEntitiesAndContinuation() throws {
        let page = try S3Responses.listPage(Self.bytes("""
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Name>bucket</Name><Prefix>p/index/</Prefix><KeyCount>2</KeyCount>
              <IsTruncated>true</IsTruncated>
              <Contents><Key>p/index/a&amp;b</Key><Size>10</Size><ETag>&quot;x&quot;</ETag></Contents>
              <!-- a comment -->
              <Contents><Key><![CDATA[p/index/<c>]]></Key><Size>0</Size></Contents>
              <NextContinuationToken>tok&#47;1&#x2B;</NextContinuationToken>
            </ListBucketResult>
            """))
        #expect(page.objects.map(\.key) == ["p/index/a&b", "p/index/<c>"])
        #expect(page.objects.map(\.size) == [10, 0])
        #expect(page.continuationToken == "tok/1+")
    }

    @Test func lastPageHasNoToken() throws {
        let page = try S3Responses.listPage(Self.bytes(
            "<ListBucketResult><IsTruncated>false</IsTruncated><NextContinuationToken>t</NextContinuationToken></ListBucketResult>"))
        #expect(page.objects.isEmpty)
        #expect(page.continuationToken == nil)
    }

    @Test func errorDocumentsAndOtherResults() throws {
        let error = S3Responses.error(Self.bytes("<Error><Code>SlowDown</Code><Message>Please reduce</Message></Error>"))
        #expect(error?.code == "SlowDown")
        #expect(error?.message == "Please reduce")
        #expect(S3Responses.error([]) == nil)
        #expect(S3Responses.error(Self.bytes("<ListBucketResult/>")) == nil)
        #expect(try S3Responses.uploadID(Self.bytes(
            "<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>u-1</UploadId></InitiateMultipartUploadResult>"))
            == "u-1")
        let uploads = try S3Responses.uploadsPage(Self.bytes("""
            <ListMultipartUploadsResult><IsTruncated>true</IsTruncated><NextKeyMarker>k2</NextKeyMarker>
            <NextUploadIdMarker>u2</NextUploadIdMarker>
            <Upload><Key>k1</Key><UploadId>u1</UploadId><Initiated>2026-12-07T20:00:00.000Z</Initiated></Upload>
            </ListMultipartUploadsResult>
            """))
        #expect(uploads.uploads.map(\.uploadID) == ["u1"])
        #expect(uploads.nextKeyMarker == "k2")
        #expect(RFC3339.parse(uploads.uploads[0].initiated) != nil)
    }

    @Test(arguments: [
        "", "   ", "<a>", "<a></b>", "<a><b></a></b>", "<a>x</a><b/>", "text<a/>", "<a>&bogus;</a>", "<a>&amp</a>",
        "<a b=c/>", "<a b=\"1/>", "<!DOCTYPE a><a/>", "<a><!-- open</a>", "<a><![CDATA[x</a>", "<a></a >junk",
        "<>", "<a/><?pi", "<a>&#xZZ;</a>", "<a>&#1114112;</a>",
    ])
    func malformedXMLIsAnError(text: String) {
        let error = #expect(throws: ArchiveStoreError.self) { _ = try S3XMLElement.parse(Self.bytes(text)) }
        #expect(error?.code == .io)
        #expect(error?.message.contains("malformed XML") == true)
    }

    @Test func deepNestingIsRefusedNotACrash() {
        let deep = String(repeating: "<a>", count: 100_000) + String(repeating: "</a>", count: 100_000)
        #expect(throws: ArchiveStoreError.self) { _ = try S3XMLElement.parse(Self.bytes(deep)) }
    }

    @Test func wellFormedButWrongDocumentsAreErrors() {
        for text in [
            "<Error><Code>x</Code></Error>",
            "<ListBucketResult><Contents><Key>k</Key></Contents></ListBucketResult>",
            "<ListBucketResult><Contents><Key>k</Key><Size>-1</Size></Contents></ListBucketResult>",
            "<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>",
        ] {
            #expect(throws: ArchiveStoreError.self) { _ = try S3Responses.listPage(Self.bytes(text)) }
        }
        #expect(throws: ArchiveStoreError.self) { _ = try S3Responses.uploadID(Self.bytes("<InitiateMultipartUploadResult/>")) }
    }

    /// Bodies captured from a real moto_server (`Fixtures/s3-moto`, also the `s3-xml` fuzz seeds):
    /// keys with escaped `&`, `<` and `>`, a truncated page, an error and a multipart upload.
    @Test func bodiesFromARealServer() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/s3-moto")
        func body(_ name: String) throws -> [UInt8] {
            Array(try Data(contentsOf: directory.appendingPathComponent("\(name).xml")))
        }
        let page = try S3Responses.listPage(try body("list"))
        #expect(page.objects.map(\.key) == ["p/data/00&<k>", "p/data/01&<k>"])
        #expect(page.objects.map(\.size) == [0, 0])
        #expect(page.continuationToken?.isEmpty == false)
        #expect(S3Responses.error(try body("error-nosuchkey"))?.code == "NoSuchKey")
        let uploadID = try S3Responses.uploadID(try body("initiate"))
        let uploads = try S3Responses.uploadsPage(try body("uploads"))
        #expect(uploads.uploads.map(\.uploadID) == [uploadID])
        #expect(uploads.uploads.map(\.key) == ["p/big"])
        #expect(uploads.nextKeyMarker == nil)
    }
}
