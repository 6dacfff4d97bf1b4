import AerospikeSim
import Testing
@testable import AerospikeWire

/// Every TLS misconfiguration fails fast with a ``WireError/Code/tls`` error that names the cause.
@Suite(.serialized) struct TLSFailureTests {
    private func config(_ port: Int, tls: TLSConfig?) -> ClusterConfig {
        ClusterConfig(
            seeds: [Host("127.0.0.1", port)], connectTimeout: .seconds(2), socketTimeout: .seconds(5), tls: tls)
    }

    @Test func untrustedServerCertificate() async throws {
        try await withSim(SimConfig(nodeCount: 1, tls: TLSFixtures.simTLS())) { _, ports in
            let error = try #require(await connectError(config(ports[0], tls: TLSFixtures.clientTLS(caFile: TLSFixtures.otherCA))))
            #expect(error.code == .tls)
            #expect(error.message.contains("not trusted"))
        }
    }

    @Test func wrongTLSName() async throws {
        try await withSim(SimConfig(nodeCount: 1, tls: TLSFixtures.simTLS())) { _, ports in
            let error = try #require(await connectError(config(ports[0], tls: TLSFixtures.clientTLS(name: "other-name"))))
            #expect(error.code == .tls)
            #expect(error.message.contains("does not carry the TLS name 'other-name'"))
        }
    }

    @Test func missingClientCertificateUnderMutualTLS() async throws {
        try await withSim(SimConfig(nodeCount: 1, tls: TLSFixtures.simTLS(mutual: true))) { _, ports in
            let error = try #require(await connectError(config(ports[0], tls: TLSFixtures.clientTLS())))
            #expect(error.code == .tls)
            #expect(error.message.contains("requires a client certificate"))
        }
    }

    @Test func tlsClientAgainstPlaintextPort() async throws {
        try await withSim(SimConfig(nodeCount: 1)) { _, ports in
            let clock = ContinuousClock()
            let start = clock.now
            let error = try #require(await connectError(config(ports[0], tls: TLSFixtures.clientTLS())))
            #expect(error.code == .tls)
            #expect(error.message.contains("plaintext"), "\(error)")
            // Bounded by the 2 s handshake timeout at worst (the simulator closes at once).
            #expect(clock.now - start < .seconds(8))
        }
    }

    @Test func plaintextClientAgainstTLSPort() async throws {
        try await withSim(SimConfig(nodeCount: 1, tls: TLSFixtures.simTLS())) { _, ports in
            let clock = ContinuousClock()
            let start = clock.now
            let error = try #require(await connectError(config(ports[0], tls: nil)))
            #expect(error.code == .tls)
            #expect(error.message.contains("serves TLS"))
            #expect(clock.now - start < .seconds(8))
        }
    }
}
