import AerospikeSim
import Testing

@testable import AerospikeWire

/// asbackup's `--auth` modes (SPEC.md §12.7 "Login modes"): EXTERNAL sends the clear password beside
/// the credential (the simulator checks the credential, as for an internal user); PKI logs in with
/// no fields as the TLS client certificate's common name (`aerovault-client`).
@Suite struct AuthModeTests {
    private func config(_ ports: [Int], auth: AuthMode, user: String? = nil, password: String? = nil) -> ClusterConfig {
        ClusterConfig(
            seeds: [Host("127.0.0.1", ports[0])], user: user, password: password, tendInterval: .milliseconds(200),
            tls: TLSFixtures.clientTLS(clientCertificate: true), authMode: auth)
    }

    @Test func loginMessagesOfEachMode() throws {
        let external = try #require(try LoginRequest(ClusterConfig(seeds: [], user: "u", password: "pw", authMode: .external)))
        #expect(external.message.field(AdminMessage.FieldID.clearPassword) == Array("pw".utf8))
        #expect(external.message.field(AdminMessage.FieldID.credential) != nil && external.user == "u")
        let internalLogin = try #require(try LoginRequest(ClusterConfig(seeds: [], user: "u", password: "pw")))
        #expect(internalLogin.message.field(AdminMessage.FieldID.clearPassword) == nil)
        #expect(try LoginRequest(ClusterConfig(seeds: [])) == nil)
        // PKI: no fields at all, and only over TLS with a client certificate.
        var pki = ClusterConfig(seeds: [], authMode: .pki)
        #expect(throws: WireError.self) { try LoginRequest(pki) }
        pki.tls = TLSFixtures.clientTLS(clientCertificate: true)
        let request = try #require(try LoginRequest(pki))
        #expect(request.message.fields.isEmpty && request.user == nil)
        #expect(AdminMessage.authenticate(user: nil, token: [1]).fields.map(\.id) == [AdminMessage.FieldID.sessionToken])
    }

    @Test func externalAndPKILoginsAgainstASecuredSimulator() async throws {
        let users = [SimUser(name: "admin", password: "secret"), SimUser(name: "aerovault-client", password: "unused")]
        let simConfig = SimConfig(nodeCount: 2, users: users, tls: TLSFixtures.simTLS(mutual: true))
        try await withSim(simConfig) { _, ports in
            let key = Key(namespace: "test", set: nil, userKey: .integer(7))
            let external = try await Cluster.connect(config(ports, auth: .external, user: "admin", password: "secret"))
            try await external.put(key, bins: [Bin("a", .integer(1))])
            await external.close()
            // PKI: no user, no password; the certificate's common name is a user of the cluster.
            let pki = try await Cluster.connect(config(ports, auth: .pki))
            #expect(await pki.currentNodes.count == 2)
            #expect(try await pki.get(key)?[bin: "a"] == .integer(1))
            await pki.close()
            let refused = await connectError(config(ports, auth: .external, user: "admin", password: "wrong"))
            #expect(refused?.code == .notAuthenticated)
        }
        // A cluster without that user refuses the certificate's login.
        let strangers = SimConfig(nodeCount: 1, users: [users[0]], tls: TLSFixtures.simTLS(mutual: true))
        try await withSim(strangers) { _, ports in
            let refused = await connectError(config(ports, auth: .pki))
            #expect(refused?.code == .notAuthenticated)
        }
    }
}
