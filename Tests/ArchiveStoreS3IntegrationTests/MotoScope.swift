import S3TestSupport
import Testing

/// Starts one `moto_server` for a whole suite and stops it when the suite ends (SPEC.md §6 "S3
/// backend", tests); tests reach it as ``MotoScope/server``.
struct MotoScope: SuiteTrait, TestScoping {
    @TaskLocal static var server: MotoServer?

    var isRecursive: Bool { false }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let server = try MotoServer()
        defer { server.stop() }
        try await Self.$server.withValue(server) { try await function() }
    }
}

extension Trait where Self == MotoScope {
    static var moto: MotoScope { MotoScope() }
}
