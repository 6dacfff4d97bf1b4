import ArchiveStore
import Foundation
import NIOHTTP1
import S3XML

/// A ``Backend`` on an S3 bucket (SPEC.md §6 "S3 backend"): one object per repository file, under
/// the same keys as the directory layout (below the location's prefix).
///
/// Objects larger than ``multipartThreshold`` are uploaded in parts of ``partSize``, several at a
/// time; immutable files (named by the hash of their bytes) are written with `If-None-Match: *`, so
/// a retried or duplicate upload of a file that already exists is not sent twice.
public struct S3Backend: Backend {
    public let client: S3Client
    public var location: String { client.location.description }
    public var properties: BackendProperties { BackendProperties(connections: Self.connections, readAhead: Self.readAhead) }

    static let connections = 8
    /// Reading one chunk fetches up to this much of its pack (SPEC.md §7 "Reading a chunk").
    static let readAhead = 4 << 20
    /// Objects above this size are uploaded in parts.
    public var multipartThreshold: Int
    /// Size of each part but the last (S3's minimum is 5 MiB).
    public var partSize: Int
    /// Parts of one object uploaded at once.
    public var partsInFlight: Int

    public init(client: S3Client, multipartThreshold: Int = 32 << 20, partSize: Int = 8 << 20, partsInFlight: Int = 4) {
        self.client = client
        self.multipartThreshold = multipartThreshold
        self.partSize = partSize
        self.partsInFlight = partsInFlight
    }

    /// The backend for `s3:<text>`, with credentials and region from `environment` (SPEC.md §6).
    public init(parsing text: String, environment: [String: String]) throws {
        let location = try S3Location(parsing: text, lookup: environment["AEROVAULT_S3_BUCKET_LOOKUP"])
        let credentials = try S3Credentials.resolve(environment: environment)
        let region = location.hostRegion ?? [environment["AWS_REGION"], environment["AWS_DEFAULT_REGION"]]
            .compactMap { $0 }.first { !$0.isEmpty } ?? "us-east-1"
        self.init(client: S3Client(location: location, signer: SigV4(credentials: credentials, region: region)))
    }

    public func exists() async throws -> Bool {
        let response = try await client.send(.HEAD, key: "")
        if response.status == 404 { return false }
        guard response.isSuccess else { throw client.failure(response, "HEAD bucket \(client.location.bucket)") }
        return true
    }

    public func save(_ kind: FileKind, name: String, bytes: [UInt8]) async throws {
        try Self.checkName(name)
        // Immutable kinds: a conditional write. A 412 means the object exists; when our name is the hash
        // of our bytes, the stored object is the same file (SPEC.md §6) and nothing is left to do.
        let exclusive = kind != .config && kind != .checkpoint
        if try await put(kind, name: name, bytes: bytes, exclusive: exclusive) { return }
        if FileHash.id(of: bytes).hex == name { return }
        _ = try await put(kind, name: name, bytes: bytes, exclusive: false)
    }

    /// A conditional PUT (SPEC.md §6 "S3 backend"): false when another object is there. A 412 over an
    /// object with exactly our bytes is a retried PUT whose first attempt landed: created by us.
    public func create(_ kind: FileKind, name: String, bytes: [UInt8]) async throws -> Bool {
        try Self.checkName(name)
        if try await put(kind, name: name, bytes: bytes, exclusive: true) { return true }
        return try await load(kind, name: name) == bytes
    }

    /// One upload (single PUT or multipart); false when `exclusive` and the object already existed.
    /// A missing bucket is created once; a server that refuses conditional writes (501) gets a plain PUT.
    private func put(_ kind: FileKind, name: String, bytes: [UInt8], exclusive: Bool, mayCreateBucket: Bool = true)
        async throws -> Bool
    {
        let key = client.location.key(kind, name)
        let response: S3Client.Response
        if bytes.count > multipartThreshold {
            guard let failed = try await putMultipart(key: key, bytes: bytes, exclusive: exclusive) else { return true }
            response = failed
        } else {
            response = try await client.send(.PUT, key: key, headers: exclusive ? [("if-none-match", "*")] : [], body: bytes[...])
        }
        if response.isSuccess { return true }
        if exclusive && response.status == 412 { return false }
        if exclusive && response.status == 501 { return try await put(kind, name: name, bytes: bytes, exclusive: false) }
        if mayCreateBucket && response.status == 404 && response.errorCode == "NoSuchBucket" {
            try await createBucket()
            return try await put(kind, name: name, bytes: bytes, exclusive: exclusive, mayCreateBucket: false)
        }
        throw client.failure(response, "PUT \(key)")
    }

    public func load(_ kind: FileKind, name: String, range: Range<Int>?) async throws -> [UInt8] {
        try Self.checkName(name)
        let key = client.location.key(kind, name)
        guard let range else {
            let response = try await client.send(.GET, key: key, maxResponse: 1 << 30)
            try check(response, kind, name, "GET \(key)")
            return response.body
        }
        if range.isEmpty {
            let size = try await stat(kind, name: name).size
            guard range.lowerBound >= 0, range.upperBound <= size else { throw Self.badRange(range, size: size, kind, name) }
            return []
        }
        let response = try await client.send(
            .GET, key: key, headers: [("range", "bytes=\(range.lowerBound)-\(range.upperBound - 1)")],
            maxResponse: range.count)
        if response.status == 416 {
            throw Self.badRange(range, size: try await stat(kind, name: name).size, kind, name)
        }
        try check(response, kind, name, "GET \(key) bytes \(range)")
        // A range that runs past the end comes back shortened (206 with fewer bytes).
        guard response.status == 206, response.body.count == range.count else {
            throw Self.badRange(range, size: Self.totalSize(response) ?? response.body.count, kind, name)
        }
        return response.body
    }

    public func list(_ kind: FileKind) async throws -> [BackendFileInfo] {
        if kind == .config {
            let info = try? await stat(.config, name: FileKind.configName)
            return info.map { [$0] } ?? []
        }
        let prefix = client.location.listPrefix(kind)
        var out: [BackendFileInfo] = []
        var token: String?
        repeat {
            var query = [("list-type", "2"), ("prefix", prefix), ("max-keys", "1000")]
            if let token { query.append(("continuation-token", token)) }
            let response = try await client.send(.GET, key: "", query: query)
            guard response.isSuccess else { throw client.failure(response, "list \(prefix)") }
            let page = try S3Responses.listPage(response.body)
            for object in page.objects where !object.key.hasSuffix("/") {
                let name = object.key.split(separator: "/").last.map(String.init) ?? object.key
                out.append(BackendFileInfo(name: name, size: object.size))
            }
            token = page.continuationToken
        } while token != nil
        return out
    }

    public func remove(_ kind: FileKind, name: String) async throws {
        // S3 answers 204 to deleting a missing key; the contract wants "not found", so look first.
        _ = try await stat(kind, name: name)
        let key = client.location.key(kind, name)
        let response = try await client.send(.DELETE, key: key)
        guard response.isSuccess || response.status == 404 else { throw client.failure(response, "DELETE \(key)") }
    }

    public func stat(_ kind: FileKind, name: String) async throws -> BackendFileInfo {
        try Self.checkName(name)
        let key = client.location.key(kind, name)
        let response = try await client.send(.HEAD, key: key)
        try check(response, kind, name, "HEAD \(key)")
        guard let size = response.headers.first(name: "content-length").flatMap(Int.init) else {
            throw ArchiveStoreError(.io, "S3 server sent no Content-Length for HEAD \(key)")
        }
        return BackendFileInfo(name: name, size: size)
    }

    // MARK: - Helpers

    private func check(_ response: S3Client.Response, _ kind: FileKind, _ name: String, _ what: String) throws {
        if response.status == 404 { throw Self.notFound(kind, name, in: location) }
        guard response.isSuccess else { throw client.failure(response, what) }
    }

    /// The object size from `Content-Range: bytes a-b/size`.
    private static func totalSize(_ response: S3Client.Response) -> Int? {
        response.headers.first(name: "content-range")?.split(separator: "/").last.flatMap { Int($0) }
    }

}
