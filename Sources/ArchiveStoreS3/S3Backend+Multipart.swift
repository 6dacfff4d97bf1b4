import ArchiveStore
import Foundation
import NIOHTTP1
import S3XML

/// Multipart uploads, bucket creation and the clean-up of abandoned uploads (SPEC.md §6 "S3 backend").
extension S3Backend {
    /// Uploads `bytes` in parts, ``partsInFlight`` at a time, then completes the upload (conditionally
    /// when `exclusive`). Parts are slices of `bytes`, so memory stays at the object plus the parts in
    /// flight. On failure the upload is aborted.
    /// - Returns: nil once stored; else the response that refused starting or completing the upload
    ///   (412 when `exclusive` and the object exists, 404 NoSuchBucket, …) for ``save`` to judge.
    func putMultipart(key: String, bytes: [UInt8], exclusive: Bool) async throws -> S3Client.Response? {
        let created = try await client.send(.POST, key: key, query: [("uploads", "")])
        guard created.isSuccess else { return created }
        let uploadID = try S3Responses.uploadID(created.body)
        do {
            let etags = try await uploadParts(key: key, uploadID: uploadID, bytes: bytes)
            let manifest = "<CompleteMultipartUpload>"
                + etags.enumerated().map { "<Part><PartNumber>\($0.offset + 1)</PartNumber><ETag>\($0.element)</ETag></Part>" }
                .joined() + "</CompleteMultipartUpload>"
            let completed = try await client.send(
                .POST, key: key, query: [("uploadId", uploadID)], headers: exclusive ? [("if-none-match", "*")] : [],
                body: Array(manifest.utf8)[...])
            // A retried completion whose first try succeeded (its answer lost) finds no upload any more.
            if completed.status == 404 && completed.errorCode == "NoSuchUpload",
                let head = try? await client.send(.HEAD, key: key), head.isSuccess,
                head.headers.first(name: "content-length") == "\(bytes.count)"
            {
                return nil
            }
            // CompleteMultipartUpload can answer 200 with an <Error> body.
            if completed.isSuccess && completed.errorCode == nil { return nil }
            await abort(key: key, uploadID: uploadID)
            return completed.isSuccess ? S3Client.Response(status: 500, headers: [:], body: completed.body) : completed
        } catch {
            await abort(key: key, uploadID: uploadID)
            throw error
        }
    }

    private func uploadParts(key: String, uploadID: String, bytes: [UInt8]) async throws -> [String] {
        let starts = Array(stride(from: 0, to: bytes.count, by: partSize))
        var etags = [String](repeating: "", count: starts.count)
        try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for (index, start) in starts.enumerated() {
                if index >= partsInFlight, let (done, etag) = try await group.next() { etags[done] = etag }
                let part = bytes[start..<min(bytes.count, start + partSize)]
                group.addTask {
                    let response = try await client.send(
                        .PUT, key: key, query: [("partNumber", "\(index + 1)"), ("uploadId", uploadID)], body: part)
                    guard response.isSuccess, let etag = response.headers.first(name: "etag") else {
                        throw client.failure(response, "upload part \(index + 1) of \(key)")
                    }
                    return (index, etag)
                }
            }
            for try await (done, etag) in group { etags[done] = etag }
        }
        return etags
    }

    private func abort(key: String, uploadID: String) async {
        _ = try? await client.send(.DELETE, key: key, query: [("uploadId", uploadID)])
    }

    /// Creates the bucket (init on a bucket that does not exist yet, like the directory backend's
    /// directories created on demand). A bucket that appeared meanwhile is fine.
    func createBucket() async throws {
        let region = client.signer.region
        let body = region == "us-east-1" ? nil
            : Array("<CreateBucketConfiguration><LocationConstraint>\(region)</LocationConstraint></CreateBucketConfiguration>".utf8)[...]
        let response = try await client.send(.PUT, key: "", body: body)
        guard response.isSuccess || ["BucketAlreadyOwnedByYou", "BucketAlreadyExists"].contains(response.errorCode ?? "") else {
            throw client.failure(response, "create bucket \(client.location.bucket)")
        }
    }

    /// Aborts multipart uploads under the repository's prefix started more than `age` seconds ago: the
    /// S3 form of a killed writer's `tmp/` debris (SPEC.md §6 "Temporary files").
    public func removeStaleTemporaryFiles(olderThan age: Double) async -> Int {
        let cutoff = Date().addingTimeInterval(-age)
        let prefix = client.location.prefix.isEmpty ? "" : client.location.prefix + "/"
        var removed = 0
        var markers: (key: String, uploadID: String)?
        repeat {
            var query = [("uploads", ""), ("prefix", prefix)]
            if let markers { query += [("key-marker", markers.key), ("upload-id-marker", markers.uploadID)] }
            guard let response = try? await client.send(.GET, key: "", query: query), response.isSuccess,
                let page = try? S3Responses.uploadsPage(response.body)
            else { return removed }
            for upload in page.uploads {
                guard let started = RFC3339.parse(upload.initiated), started < cutoff else { continue }
                let aborted = try? await client.send(.DELETE, key: upload.key, query: [("uploadId", upload.uploadID)])
                if aborted?.isSuccess == true { removed += 1 }
            }
            markers = page.nextKeyMarker.map { (key: $0, uploadID: page.nextUploadIDMarker ?? "") }
        } while markers != nil
        return removed
    }
}
