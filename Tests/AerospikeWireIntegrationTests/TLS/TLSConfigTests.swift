import Testing
@testable import AerospikeWire

/// Loading TLS files: every unusable file is a ``WireError/Code/tls`` error naming it (no network needed).
@Suite struct TLSConfigTests {
    private func loadError(_ config: TLSConfig) -> WireError? {
        do {
            _ = try TLSClientContext(config)
            return nil
        } catch {
            return error as? WireError
        }
    }

    @Test func loadsCAOnlyAndMutualConfigurations() throws {
        _ = try TLSClientContext(TLSFixtures.clientTLS())
        let mutual = try TLSClientContext(TLSFixtures.clientTLS(clientCertificate: true))
        #expect(mutual.hasClientCertificate)
    }

    @Test func missingCAFile() throws {
        let error = try #require(loadError(TLSConfig(caFile: "/nonexistent/ca.pem")))
        #expect(error.code == .tls)
        #expect(error.message.contains("/nonexistent/ca.pem does not exist"))
    }

    @Test func caFileThatIsNotPEM() throws {
        // A private key is not a certificate.
        let error = try #require(loadError(TLSConfig(caFile: TLSFixtures.serverKey)))
        #expect(error.code == .tls)
        #expect(error.message.contains(TLSFixtures.serverKey))
        let dir = try #require(loadError(TLSConfig(caFile: TLSFixtures.directory)))
        #expect(dir.message.contains("cannot be read"))
    }

    @Test func encryptedKeyIsRefused() throws {
        let config = TLSConfig(
            caFile: TLSFixtures.ca, certificateFile: TLSFixtures.clientCertificate, keyFile: TLSFixtures.encryptedClientKey)
        let error = try #require(loadError(config))
        #expect(error.code == .tls)
        #expect(error.message.contains("is encrypted"))
    }

    @Test func certificateWithoutKeyOrWithAnotherKey() throws {
        let noKey = try #require(loadError(TLSConfig(caFile: TLSFixtures.ca, certificateFile: TLSFixtures.clientCertificate)))
        #expect(noKey.message.contains("without its key file"))
        let noCert = try #require(loadError(TLSConfig(caFile: TLSFixtures.ca, keyFile: TLSFixtures.clientKey)))
        #expect(noCert.message.contains("without a client certificate"))
        let mismatch = try #require(
            loadError(
                TLSConfig(caFile: TLSFixtures.ca, certificateFile: TLSFixtures.clientCertificate, keyFile: TLSFixtures.serverKey)))
        #expect(mismatch.code == .tls)
        #expect(mismatch.message.contains("does not belong"))
    }

    @Test func tlsNamePrecedence() {
        let config = TLSConfig(caFile: "ca.pem", name: "configured")
        #expect(config.tlsName(for: Host("10.0.0.1", 4333, tlsName: "own")) == "own")
        #expect(config.tlsName(for: Host("10.0.0.1", 4333)) == "configured")
        #expect(TLSConfig(caFile: "ca.pem").tlsName(for: Host("db1", 4333)) == "db1")
    }

    @Test func peersTLSReplyCarriesTheTLSNameIntoHosts() throws {
        let parsed = try PeersParser.parse("10,4333,[[BB9050011AC4202,db-tls,[172.17.0.1,[2001:db8::1]:4334]]]")
        let peer = try #require(parsed.peers.first)
        #expect(peer.tlsName == "db-tls")
        #expect(peer.hosts == [Host("172.17.0.1", 4333, tlsName: "db-tls"), Host("2001:db8::1", 4334, tlsName: "db-tls")])
    }

    @Test func nameMatchingIsExactOrOneLabelWildcard() {
        #expect(TLSNameCheck.matches(dnsName: "aerovault-sim", name: "AeroVault-Sim"))
        #expect(TLSNameCheck.matches(dnsName: "*.db.example", name: "n1.db.example"))
        #expect(!TLSNameCheck.matches(dnsName: "*.db.example", name: "a.n1.db.example"))
        #expect(!TLSNameCheck.matches(dnsName: "*.db.example", name: "db.example"))
        #expect(!TLSNameCheck.matches(dnsName: "db1", name: "db10"))
        #expect(TLSNameCheck.ipAddressBytes("127.0.0.1") == [127, 0, 0, 1])
        #expect(TLSNameCheck.ipAddressBytes("::1")?.count == 16)
        #expect(TLSNameCheck.ipAddressBytes("aerovault-sim") == nil)
    }

    @Test func serverCertificateCarriesItsNamesButNotOthers() throws {
        let certificate = try #require(try TLSFiles.certificates(at: TLSFixtures.serverCertificate, role: "test").first)
        #expect(TLSNameCheck.certificate(certificate, carries: "aerovault-sim"))
        #expect(TLSNameCheck.certificate(certificate, carries: "127.0.0.1"))
        #expect(!TLSNameCheck.certificate(certificate, carries: "127.0.0.2"))
        #expect(!TLSNameCheck.certificate(certificate, carries: "other-name"))
        #expect(TLSNameCheck.names(of: certificate) == ["aerovault-sim", "IP 127.0.0.1"])
    }
}
