import ArchiveStore

/// The S3 XML response bodies the backend reads (SPEC.md §6 "S3 backend"). A body that parses but
/// lacks a required field is an `.io` error like malformed XML.
public enum S3Responses {
    /// One page of `ListObjectsV2`.
    public struct ListPage: Equatable, Sendable {
        public var objects: [(key: String, size: Int)]
        /// The token for the next page; nil on the last page.
        public var continuationToken: String?

        public static func == (a: ListPage, b: ListPage) -> Bool {
            a.continuationToken == b.continuationToken && a.objects.map(\.key) == b.objects.map(\.key)
                && a.objects.map(\.size) == b.objects.map(\.size)
        }
    }

    public static func listPage(_ body: [UInt8]) throws -> ListPage {
        let root = try S3XMLElement.parse(body)
        guard root.name == "ListBucketResult" else { throw missing("ListBucketResult", got: root.name) }
        var objects: [(key: String, size: Int)] = []
        for entry in root.children("Contents") {
            guard let key = entry.value("Key"), let size = entry.value("Size").flatMap(Int.init), size >= 0 else {
                throw missing("Contents/Key and Size", got: "an incomplete entry")
            }
            objects.append((key, size))
        }
        let truncated = root.value("IsTruncated") == "true"
        let token = root.value("NextContinuationToken")
        if truncated && (token ?? "").isEmpty { throw missing("NextContinuationToken", got: "a truncated page without one") }
        return ListPage(objects: objects, continuationToken: truncated ? token : nil)
    }

    /// The `Code` and `Message` of an `<Error>` body; nil when the body is not one (e.g. empty, for HEAD).
    public static func error(_ body: [UInt8]) -> (code: String, message: String)? {
        guard let root = try? S3XMLElement.parse(body), root.name == "Error", let code = root.value("Code") else {
            return nil
        }
        return (code, root.value("Message") ?? "")
    }

    public static func uploadID(_ body: [UInt8]) throws -> String {
        let root = try S3XMLElement.parse(body)
        guard root.name == "InitiateMultipartUploadResult", let id = root.value("UploadId"), !id.isEmpty else {
            throw missing("InitiateMultipartUploadResult/UploadId", got: root.name)
        }
        return id
    }

    /// One page of `ListMultipartUploads`: each upload's key, id and start time (as sent, ISO 8601).
    public struct UploadsPage: Sendable {
        public var uploads: [(key: String, uploadID: String, initiated: String)]
        public var nextKeyMarker: String?
        public var nextUploadIDMarker: String?
    }

    public static func uploadsPage(_ body: [UInt8]) throws -> UploadsPage {
        let root = try S3XMLElement.parse(body)
        guard root.name == "ListMultipartUploadsResult" else { throw missing("ListMultipartUploadsResult", got: root.name) }
        var uploads: [(key: String, uploadID: String, initiated: String)] = []
        for entry in root.children("Upload") {
            guard let key = entry.value("Key"), let id = entry.value("UploadId"), let initiated = entry.value("Initiated") else {
                throw missing("Upload/Key, UploadId and Initiated", got: "an incomplete entry")
            }
            uploads.append((key, id, initiated))
        }
        let truncated = root.value("IsTruncated") == "true"
        return UploadsPage(
            uploads: uploads, nextKeyMarker: truncated ? root.value("NextKeyMarker") : nil,
            nextUploadIDMarker: truncated ? root.value("NextUploadIdMarker") : nil)
    }

    private static func missing(_ what: String, got: String) -> ArchiveStoreError {
        ArchiveStoreError(.io, "unexpected XML from the S3 server: expected \(what), got \(got)")
    }
}
