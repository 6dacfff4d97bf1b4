import AerospikeWire
import Testing

@testable import AerospikeSim

@Suite struct RecordCommandTests {
    let sim = try! SimCluster(SimConfig(nodeCount: 2))

    func run(_ m: AsMessage) -> RecordReply {
        sim.execute(RecordCommand(message: m), node: 0, user: nil)
    }

    @Test func putGetAndGenerations() throws {
        #expect(run(TestRequests.get(1)).resultCode == .keyNotFound)
        let put = run(TestRequests.put(1, bins: [("a", .integer(5)), ("s", .string("x"))]))
        #expect(put.resultCode == .ok && put.generation == 1)
        let got = run(TestRequests.get(1))
        #expect(got.operations.map(\.name) == ["a", "s"])
        #expect(try got.operations[0].decodedValue() == .integer(5))
        #expect(run(TestRequests.put(1, bins: [("a", .integer(6))])).generation == 2)
        let header = run(TestRequests.get(1, headerOnly: true))
        #expect(header.resultCode == .ok && header.operations.isEmpty && header.generation == 2)
        let stored = try #require(try sim.record(namespace: "test", digest: SimDigest(bytes: TestRequests.key(1).digest)!))
        #expect(stored.setName == "t")
        #expect(stored.userKey == SimUserKey(particleType: 1, data: UserKey.integer(1).valueBytes))
    }

    @Test func existsPolicies() {
        #expect(run(TestRequests.put(2, bins: [("a", .integer(1))], info3: Info3.updateOnly)).resultCode == .keyNotFound)
        #expect(run(TestRequests.put(2, bins: [("a", .integer(1))], info2: Info2.createOnly)).resultCode == .ok)
        #expect(run(TestRequests.put(2, bins: [("a", .integer(1))], info2: Info2.createOnly)).resultCode == .keyExists)
        #expect(run(TestRequests.put(2, bins: [("b", .integer(2))], info3: Info3.replaceOnly)).resultCode == .ok)
        #expect(run(TestRequests.get(2)).operations.map(\.name) == ["b"])
        #expect(run(TestRequests.put(2, bins: [("c", .integer(3))], info3: Info3.updateOnly)).resultCode == .ok)
        #expect(run(TestRequests.get(2)).operations.map(\.name) == ["b", "c"])
        #expect(run(TestRequests.put(3, bins: [("c", .integer(3))], info3: Info3.replaceOnly)).resultCode == .keyNotFound)
    }

    @Test func generationPolicies() {
        _ = run(TestRequests.put(4, bins: [("a", .integer(1))]))
        _ = run(TestRequests.put(4, bins: [("a", .integer(1))]))
        #expect(run(TestRequests.put(4, bins: [("a", .integer(9))], info2: Info2.generation, generation: 1)).resultCode == .generationError)
        #expect(run(TestRequests.put(4, bins: [("a", .integer(9))], info2: Info2.generation, generation: 2)).resultCode == .ok)
        #expect(run(TestRequests.put(4, bins: [("a", .integer(9))], info2: Info2.generationGT, generation: 3)).resultCode == .generationError)
        #expect(run(TestRequests.put(4, bins: [("a", .integer(9))], info2: Info2.generationGT, generation: 10)).resultCode == .ok)
    }

    @Test func ttlSetsVoidTimeAndExpiresWithTheClock() {
        let put = run(TestRequests.put(5, bins: [("a", .integer(1))], ttl: 60))
        let now = sim.clock.nowVoidSecond
        #expect(put.voidTime >= now + 59 && put.voidTime <= now + 60)
        #expect(run(TestRequests.put(6, bins: [("a", .integer(1))], ttl: 0xFFFF_FFFF)).voidTime == 0)
        #expect(run(TestRequests.put(5, bins: [("b", .integer(1))], ttl: 0xFFFF_FFFE)).voidTime == put.voidTime)
        #expect(run(TestRequests.put(7, bins: [("a", .integer(1))], ttl: 400_000_000)).resultCode == .parameterError)
        sim.clock.advance(seconds: 61)
        #expect(run(TestRequests.get(5)).resultCode == .keyNotFound)
        #expect(run(TestRequests.get(6)).resultCode == .ok)
        #expect(try! sim.records(namespace: "test").count == 1)
    }

    @Test func deleteTouchAndOperate() throws {
        _ = run(TestRequests.put(8, bins: [("n", .integer(1)), ("s", .string("b"))]))
        var op = TestRequests.put(8, bins: [])
        op.info1 = Info1.read
        op.operations = [
            Operation(type: .add, particleType: .integer, name: "n", value: Value.integer(41).particle.bytes),
            Operation(type: .append, particleType: .string, name: "s", value: Array("c".utf8)),
            Operation(type: .prepend, particleType: .string, name: "s", value: Array("a".utf8)),
            .read("n"), .read("s"),
        ]
        let reply = run(op)
        #expect(reply.resultCode == .ok)
        #expect(try reply.operations.map { try $0.decodedValue() } == [.integer(42), .string("abc")])
        op.operations = [Operation(type: .add, particleType: .integer, name: "s", value: Value.integer(1).particle.bytes)]
        #expect(run(op).resultCode == .binTypeError)
        var touch = TestRequests.put(8, bins: [], ttl: 100)
        touch.operations = [Operation(type: .touch)]
        #expect(run(touch).generation == 3)
        var delete = TestRequests.put(8, bins: [])
        delete.info2 |= Info2.delete
        #expect(run(delete).resultCode == .ok)
        #expect(run(delete).resultCode == .keyNotFound)
        #expect(run(touch).resultCode == .keyNotFound)
    }

    @Test func filterExpressionsGateReadsAndWrites() {
        _ = run(TestRequests.put(9, bins: [("n", .integer(1))]))
        var get = TestRequests.get(9)
        get.fields.append(FilterExpression.eq(.bin("n", .int), .int(2)).field)
        #expect(run(get).resultCode == .filteredOut)
        get.fields[get.fields.count - 1] = FilterExpression.eq(.bin("n", .int), .int(1)).field
        #expect(run(get).resultCode == .ok)
        get.fields[get.fields.count - 1] = Field(type: .filterExp, data: [0x93, 0x07, 0x00])
        #expect(run(get).resultCode == .parameterError)
        var put = TestRequests.put(9, bins: [("n", .integer(5))])
        put.fields.append(FilterExpression.gt(.bin("n", .int), .int(3)).field)
        #expect(run(put).resultCode == .filteredOut)
    }

    @Test func badRequestsGetResultCodes() {
        var m = TestRequests.get(10)
        m.fields = [.string(.namespace, "nope")]
        #expect(run(m).resultCode == .invalidNamespace)
        m.fields = [.string(.namespace, "test"), Field(type: .digest, data: [1, 2, 3])]
        #expect(run(m).resultCode == .parameterError)
        let long = TestRequests.put(11, bins: [("a_very_long_bin_name", .integer(1))])
        #expect(run(long).resultCode == .binNameTooLong)
    }

    @Test func injectedFaultsReturnTheirCode() {
        sim.setFault(SimFaults(errorCode: 18, errorRate: 1), node: 0)
        #expect(run(TestRequests.get(1)).resultCode == .deviceOverload)
        #expect(sim.execute(RecordCommand(message: TestRequests.get(1)), node: 1, user: nil).resultCode == .keyNotFound)
        sim.clearFaults()
        #expect(run(TestRequests.get(1)).resultCode == .keyNotFound)
    }
}
