import AerospikeWire
import Testing

@testable import AerospikeSim

@Suite struct SecurityTests {
    @Test func loginTokensAndRejections() async throws {
        let sim = try SimCluster(SimConfig(nodeCount: 1, users: [
            SimUser(name: "admin", password: "secret"), SimUser(name: "ro", password: "pw", roles: ["read"]),
        ]))
        let ports = try await sim.start()
        let anon = try RawConnection(port: ports[0])
        #expect(try anon.roundTrip(TestRequests.get(1)).resultCode == ResultCode(80))
        #expect(try anon.info("node")["node"] == "ERROR:80:not authenticated")

        let credential = try PasswordHasher.credential(password: "secret")
        let c = try RawConnection(port: ports[0])
        try c.send(AdminMessage.login(user: "admin", credential: try PasswordHasher.credential(password: "nope")).frame())
        #expect(try AdminMessage.decode(try #require(try c.readFrame()).body).resultCode == ResultCode(62))
        try c.send(AdminMessage.login(user: "ghost", credential: credential).frame())
        #expect(try AdminMessage.decode(try #require(try c.readFrame()).body).resultCode == ResultCode(60))
        try c.send(AdminMessage.login(user: "admin", credential: credential).frame())
        let ok = try AdminMessage.decode(try #require(try c.readFrame()).body)
        #expect(ok.resultCode == .ok && ok.sessionTTL == 86_400)
        let token = try #require(ok.field(AdminMessage.FieldID.sessionToken))
        #expect(try c.roundTrip(TestRequests.put(1, bins: [("a", .integer(1))])).resultCode == .ok)

        let second = try RawConnection(port: ports[0])
        try second.send(AdminMessage.authenticate(user: "admin", token: [1, 2, 3]).frame())
        #expect(try AdminMessage.decode(try #require(try second.readFrame()).body).resultCode == ResultCode(65))
        try second.send(AdminMessage.authenticate(user: "admin", token: token).frame())
        #expect(try AdminMessage.decode(try #require(try second.readFrame()).body).resultCode == .ok)
        #expect(try second.roundTrip(TestRequests.get(1)).resultCode == .ok)

        let reader = try RawConnection(port: ports[0])
        try reader.send(AdminMessage.login(user: "ro", credential: try PasswordHasher.credential(password: "pw")).frame())
        #expect(try AdminMessage.decode(try #require(try reader.readFrame()).body).resultCode == .ok)
        #expect(try reader.roundTrip(TestRequests.get(1)).resultCode == .ok)
        #expect(try reader.roundTrip(TestRequests.put(1, bins: [("a", .integer(2))])).resultCode == ResultCode(81))
        await sim.stop()
    }

    @Test func loginWithoutSecurityReportsNotEnabled() async throws {
        let sim = try SimCluster(SimConfig(nodeCount: 1))
        let ports = try await sim.start()
        let c = try RawConnection(port: ports[0])
        try c.send(AdminMessage.login(user: "x", credential: "y").frame())
        #expect(try AdminMessage.decode(try #require(try c.readFrame()).body).resultCode == .securityNotEnabled)
        await sim.stop()
    }
}
