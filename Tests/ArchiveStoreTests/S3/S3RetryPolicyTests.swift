import Testing
@testable import ArchiveStoreS3

@Suite struct S3RetryPolicyTests {
    @Test func retriesServerTroubleButNotClientErrors() {
        for status in [429, 500, 502, 503, 504] { #expect(S3RetryPolicy.isRetryable(status: status, code: nil)) }
        #expect(S3RetryPolicy.isRetryable(status: 503, code: "SlowDown"))
        #expect(S3RetryPolicy.isRetryable(status: 400, code: "RequestTimeout"))
        // CompleteMultipartUpload's 200 with an <Error> body.
        #expect(S3RetryPolicy.isRetryable(status: 200, code: "InternalError"))
        for status in [200, 206, 400, 403, 404, 412, 416, 501] { #expect(!S3RetryPolicy.isRetryable(status: status, code: nil)) }
        #expect(!S3RetryPolicy.isRetryable(status: 403, code: "SignatureDoesNotMatch"))
    }

    @Test func delaysGrowExponentiallyWithinTheCap() {
        let policy = S3RetryPolicy(maxAttempts: 10, baseDelay: 0.1, maxDelay: 2)
        for attempt in 1...12 {
            let ceiling = min(2, 0.1 * Double(1 << (attempt - 1)))
            for _ in 0..<50 { #expect((0...ceiling).contains(policy.delay(afterAttempt: attempt))) }
        }
        // Full jitter: not every delay is the ceiling.
        #expect(Set((0..<20).map { _ in policy.delay(afterAttempt: 5) }).count > 1)
    }
}
