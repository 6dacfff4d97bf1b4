import Testing
@testable import AerospikeWire

@Suite struct AdminMessageTests {
    static let adminCredential = "$2a$10$7EqJtq98hPqEX7fNZaFWoO1mVO/4MLpGzsqojz6E9Gef6iXDjXdDa"

    @Test func bcryptVector() throws {
        #expect(try PasswordHasher.credential(password: "admin") == Self.adminCredential)
    }

    @Test func loginFrameShape() throws {
        let bytes = AdminMessage.login(user: "admin", credential: Self.adminCredential).frame().encoded()
        let bodyLength = 16 + (5 + 5) + (5 + 60)
        var expected: [UInt8] = [2, 2, 0, 0, 0, 0, 0, UInt8(bodyLength)]
        expected += [0, 0, 20, 2] + [UInt8](repeating: 0, count: 12)
        expected += [0, 0, 0, 6, 0] + Array("admin".utf8)
        expected += [0, 0, 0, 61, 3] + Array(Self.adminCredential.utf8)
        #expect(bytes == expected)
    }

    @Test func loginResponseWithTokenDecodes() throws {
        let response = AdminMessage(
            command: AdminMessage.Command.login,
            fields: [.init(id: AdminMessage.FieldID.sessionToken, data: [9, 8, 7]), .init(id: 6, data: [0, 0, 0x0e, 0x10])])
        let back = try AdminMessage.decode(response.encodeBody())
        #expect(back == response)
        #expect(back.field(AdminMessage.FieldID.sessionToken) == [9, 8, 7])
        #expect(back.sessionTTL == 3600)
        #expect(try AdminMessage.decode([0, 52, 20, 0] + [UInt8](repeating: 0, count: 12)).resultCode == .securityNotEnabled)
    }

    @Test func truncatedAdminThrows() {
        #expect(throws: WireError.self) { try AdminMessage.decode([0, 0, 20]) }
        #expect(throws: WireError.self) { try AdminMessage.decode([0, 0, 20, 1] + [UInt8](repeating: 0, count: 12) + [0, 0, 0, 9, 0]) }
    }
}

@Suite struct InfoCodecTests {
    @Test func requestBytes() {
        let f = InfoCodec.request(["node", "namespaces"])
        #expect(f.encoded() == [2, 1, 0, 0, 0, 0, 0, 16] + Array("node\nnamespaces\n".utf8))
        #expect(InfoCodec.parseRequest(f.body) == ["node", "namespaces"])
    }

    @Test func responseRoundTrip() {
        let f = InfoCodec.response([("node", "BB9020011AC4202"), ("sets/test", "ns=test:set=a:objects=3;"), ("x", "")])
        let parsed = InfoCodec.parseResponse(f.body)
        #expect(parsed.map(\.command) == ["node", "sets/test", "x"])
        #expect(parsed.map(\.value) == ["BB9020011AC4202", "ns=test:set=a:objects=3;", ""])
        #expect(InfoCodec.parseResponse(Array("bare\n".utf8)).first?.command == "bare")
    }

    @Test func errorValues() {
        #expect(InfoCodec.error(in: "ERROR:80:not authenticated")?.code == 80)
        #expect(InfoCodec.error(in: "ERROR::bad")?.code == nil)
        #expect(InfoCodec.error(in: "ok") == nil)
    }
}
