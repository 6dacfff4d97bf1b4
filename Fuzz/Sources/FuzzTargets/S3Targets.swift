import S3XML

/// The S3 server's XML response bodies (SPEC.md §6 "S3 backend"): read before anything
/// authenticates them, from whoever answers on the repository's S3 address.
enum S3Targets {
    static let all: [FuzzTarget] = [xml]

    /// The XML reader, and each response decoder the backend applies to a body.
    static let xml = FuzzTarget("s3-xml", seeds: {
        [
            #"<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><IsTruncated>true</IsTruncated><Contents><Key>p/data/0a&amp;b</Key><Size>10</Size></Contents><!-- c --><Contents><Key><![CDATA[p/<k>]]></Key><Size>0</Size></Contents><NextContinuationToken>t&#47;1&#x2B;</NextContinuationToken></ListBucketResult>"#,
            "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>",
            "<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>u-1</UploadId></InitiateMultipartUploadResult>",
            "<ListMultipartUploadsResult><IsTruncated>true</IsTruncated><NextKeyMarker>k</NextKeyMarker><NextUploadIdMarker>u</NextUploadIdMarker><Upload><Key>k</Key><UploadId>u</UploadId><Initiated>2026-12-07T00:00:00.000Z</Initiated></Upload></ListMultipartUploadsResult>",
        ].map { Array($0.utf8) }
    }) { bytes in
        _ = try? S3XMLElement.parse(bytes)
        _ = try? S3Responses.listPage(bytes)
        _ = S3Responses.error(bytes)
        _ = try? S3Responses.uploadID(bytes)
        _ = try? S3Responses.uploadsPage(bytes)
    }
}
