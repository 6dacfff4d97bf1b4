import ArchiveStore
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import S3XML

/// Signed S3 requests with retries (SPEC.md §6 "S3 backend"): the transport under ``S3Backend``.
///
/// Every request carries `x-amz-content-sha256` (the body's SHA-256, which S3 checks) and a SigV4
/// `Authorization` signed afresh per attempt. Retryable failures (``S3RetryPolicy``) are retried;
/// any other response is returned for the caller to interpret.
public struct S3Client: Sendable {
    public let location: S3Location
    public let signer: SigV4
    public let retry: S3RetryPolicy

    public struct Response: Sendable {
        public var status: Int
        public var headers: HTTPHeaders
        public var body: [UInt8]

        public var isSuccess: Bool { (200..<300).contains(status) }
        /// The S3 error code of the body (`NoSuchKey`, `SlowDown`, …), if it is an `<Error>` document.
        public var errorCode: String? { S3Responses.error(body)?.code }
    }

    /// One client per process: its connection pool is shared by every backend and never shut down.
    static let http: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(60))
        configuration.connectionPool = .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: 16)
        configuration.redirectConfiguration = .disallow
        configuration.httpVersion = .http1Only
        return HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }()

    public init(location: S3Location, signer: SigV4, retry: S3RetryPolicy = S3RetryPolicy()) {
        self.location = location
        self.signer = signer
        self.retry = retry
    }

    /// Sends a request for `key` (empty: the bucket), retrying as ``S3RetryPolicy`` says.
    /// - Parameter maxResponse: the largest body accepted (larger is an `.io` error).
    /// - Throws: `.io` once every attempt failed, naming the last failure.
    public func send(
        _ method: HTTPMethod, key: String, query: [(String, String)] = [], headers: [(String, String)] = [],
        body: ArraySlice<UInt8>? = nil, maxResponse: Int = 1 << 24
    ) async throws -> Response {
        let payloadHash = body.map { SHA256.hex($0) } ?? SHA256.emptyHex
        let path = location.requestPath(key: key)
        let queryText = SigV4.canonicalQuery(query)
        let url = "\(location.secure ? "https" : "http")://\(location.hostHeader)\(path)\(queryText.isEmpty ? "" : "?" + queryText)"
        // Big bodies get more time: 30 s plus 1 s per MiB (a 512 MiB pack over a slow link).
        let timeout = TimeAmount.seconds(30 + Int64((body?.count ?? 0) >> 20))
        var lastFailure = ""
        for attempt in 1...max(1, retry.maxAttempts) {
            if attempt > 1 { try await Task.sleep(nanoseconds: UInt64(retry.delay(afterAttempt: attempt - 1) * 1e9)) }
            var request = HTTPClientRequest(url: url)
            request.method = method
            let amzDate = SigV4.amzDate(Date())
            var signed = headers + [("host", location.hostHeader), ("x-amz-date", amzDate), ("x-amz-content-sha256", payloadHash)]
            if let token = signer.credentials.sessionToken { signed.append(("x-amz-security-token", token)) }
            let authorization = signer.authorization(
                for: SigV4.Request(method: method.rawValue, path: path, query: query, headers: signed, payloadHash: payloadHash),
                amzDate: amzDate)
            for (name, value) in signed { request.headers.add(name: name, value: value) }
            request.headers.add(name: "authorization", value: authorization)
            if let body { request.body = .bytes(body) }
            do {
                let response = try await Self.http.execute(request, timeout: timeout)
                let bytes = try await response.body.collect(upTo: maxResponse)
                let result = Response(status: Int(response.status.code), headers: response.headers, body: Array(buffer: bytes))
                // Error bodies come with error statuses, except CompleteMultipartUpload's (POST, 200 + <Error>).
                let code = result.isSuccess && method != .POST ? nil : result.errorCode
                guard S3RetryPolicy.isRetryable(status: result.status, code: code) else { return result }
                lastFailure = "HTTP \(result.status)\(code.map { " \($0)" } ?? "")"
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                lastFailure = "\(error)"
            }
        }
        throw ArchiveStoreError(
            .io, "S3 \(method.rawValue) \(location.description)/\(key) failed \(retry.maxAttempts) times; last: \(lastFailure)")
    }

    /// The error for an unexpected response: `.notFound` for 404 (with `notFound`'s message), else `.io`.
    func failure(_ response: Response, _ what: String) -> ArchiveStoreError {
        let detail = S3Responses.error(response.body).map { "\($0.code): \($0.message)" } ?? "no error details"
        return ArchiveStoreError(.io, "S3 server answered HTTP \(response.status) to \(what) (\(detail))")
    }
}
