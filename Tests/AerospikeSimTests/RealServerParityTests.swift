import AerospikeWire
import Testing

@testable import AerospikeSim

/// Behaviour where the simulator was corrected to match a real Aerospike CE 8.1.2 server
/// (docs/real-server-check.md, SPEC.md §13.14).
@Suite struct RealServerParityTests {
    let sim = try! SimCluster(SimConfig(nodeCount: 1))

    func run(_ m: AsMessage) -> RecordReply {
        sim.execute(RecordCommand(message: m), node: 0, user: nil)
    }

    @Test func recordStaysLiveThroughItsVoidSecond() {
        let put = run(TestRequests.put(1, bins: [("a", .integer(1))], ttl: 1))
        #expect(put.resultCode == .ok)
        let rec = SimRecord(digest: SimDigest(bytes: TestRequests.key(1).digest)!, bins: [], voidTime: put.voidTime, lastUpdateMs: 0)
        #expect(!rec.isExpired(atVoidSecond: put.voidTime))
        #expect(rec.isExpired(atVoidSecond: put.voidTime + 1))
        // Put the clock 100 ms into the void second, then 100 ms into the next one.
        func setClock(toVoidSecond second: UInt32) {
            let target = (Int64(second) + CitrusleafEpoch.unixSeconds) * 1000 + 100
            let wall = Int64(sim.clock.nowMs) - sim.clock.offsetMilliseconds
            sim.clock.offsetMilliseconds = target - wall
        }
        setClock(toVoidSecond: put.voidTime)
        #expect(run(TestRequests.get(1)).resultCode == .ok, "void time == now: still readable")
        setClock(toVoidSecond: put.voidTime + 1)
        #expect(run(TestRequests.get(1)).resultCode == .keyNotFound)
    }

    @Test func writesLargerThanOneMebibyteAreRecordTooBig() {
        let big = run(TestRequests.put(2, bins: [("b", .blob([UInt8](repeating: 7, count: 1024 * 1024)))]))
        #expect(big.resultCode == .recordTooBig)
        #expect(run(TestRequests.get(2)).resultCode == .keyNotFound)
        let fits = run(TestRequests.put(2, bins: [("b", .blob([UInt8](repeating: 7, count: 1_000_000)))]))
        #expect(fits.resultCode == .ok)
        let grow = run(TestRequests.put(2, bins: [("c", .blob([UInt8](repeating: 1, count: 60_000)))]))
        #expect(grow.resultCode == .recordTooBig, "the limit applies to the whole record after the write")
        #expect(run(TestRequests.get(2)).operations.map(\.name) == ["b"])
    }

    @Test func infoArgumentEdgeCasesAnswerLikeTheServer() {
        #expect(sim.answerInfo("sets/nosuchns", node: 0, user: nil) == "ns_type=unknown")
        #expect(sim.answerInfo("namespace/nosuchns", node: 0, user: nil) == "type=unknown")
        #expect(sim.answerInfo("replicas:max=0", node: 0, user: nil) == sim.answerInfo("replicas", node: 0, user: nil))
        #expect(sim.answerInfo("replicas:max=x", node: 0, user: nil) == "ERROR:4:bad max")
    }

    @Test func generationChecksTreatAMissingRecordAsGenerationZero() {
        let eq = run(TestRequests.put(3, bins: [("a", .integer(1))], info2: Info2.generation, generation: 5))
        #expect(eq.resultCode == .generationError)
        #expect(run(TestRequests.put(3, bins: [("a", .integer(1))], info2: Info2.generation, generation: 0)).resultCode == .ok)
        #expect(run(TestRequests.put(4, bins: [("a", .integer(1))], info2: Info2.generationGT, generation: 0)).resultCode == .generationError)
        #expect(run(TestRequests.put(4, bins: [("a", .integer(1))], info2: Info2.generationGT, generation: 3)).resultCode == .ok)
    }

    @Test func checksRunInTheServersOrder() {
        _ = run(TestRequests.put(5, bins: [("n", .integer(1))]))
        let never = FilterExpression.eq(.bin("n", .int), .int(2)).field
        var createOnly = TestRequests.put(5, bins: [("n", .integer(2))], info2: Info2.createOnly)
        createOnly.fields.append(never)
        #expect(run(createOnly).resultCode == .keyExists, "create-only is checked before the filter")
        var generation = TestRequests.put(5, bins: [("n", .integer(2))], info2: Info2.generation, generation: 9)
        generation.fields.append(never)
        #expect(run(generation).resultCode == .generationError, "generation is checked before the filter")
        var badTTL = TestRequests.put(5, bins: [], ttl: 400_000_000)
        badTTL.operations = [Operation(type: .append, particleType: .string, name: "n", value: Array("x".utf8))]
        #expect(run(badTTL).resultCode == .parameterError, "TTL is checked before the ops")
        #expect(run(TestRequests.get(5)).generation == 1)
    }

    @Test func writingAnExistingRecordUnderAnotherSetNameIsAParameterError() {
        _ = run(TestRequests.put(6, bins: [("a", .integer(1))]))
        var other = TestRequests.put(6, bins: [("a", .integer(2))])
        other.fields = other.fields.filter { $0.type != .setName && $0.type != .key }
        #expect(run(other).resultCode == .parameterError)
        other.fields.insert(.string(.setName, "elsewhere"), at: 1)
        #expect(run(other).resultCode == .parameterError)
        #expect(run(TestRequests.get(6)).generation == 1)
    }

    @Test func readsAndDeletesMayOmitTheSetName() {
        _ = run(TestRequests.put(7, bins: [("a", .integer(1))]))
        var get = TestRequests.get(7)
        get.fields = get.fields.filter { $0.type != .setName }
        #expect(run(get).resultCode == .ok)
        get.fields.insert(.string(.setName, "elsewhere"), at: 1)
        #expect(run(get).resultCode == .parameterError)
        var delete = TestRequests.put(7, bins: [])
        delete.info2 |= Info2.delete
        delete.fields = delete.fields.filter { $0.type != .setName && $0.type != .key }
        #expect(run(delete).resultCode == .ok)
    }

    @Test func errorRepliesCarryTheExistingRecordsMetadata() {
        let put = run(TestRequests.put(8, bins: [("n", .integer(1))], ttl: 500))
        let exists = run(TestRequests.put(8, bins: [("n", .integer(2))], info2: Info2.createOnly))
        #expect(exists.resultCode == .keyExists)
        #expect(exists.generation == put.generation && exists.voidTime == put.voidTime)
        var filtered = TestRequests.get(8)
        filtered.fields.append(FilterExpression.eq(.bin("n", .int), .int(9)).field)
        let reply = run(filtered)
        #expect(reply.resultCode == .filteredOut && reply.generation == 1 && reply.voidTime == put.voidTime)
        let missing = run(TestRequests.put(9, bins: [("n", .integer(1))], info3: Info3.updateOnly))
        #expect(missing.resultCode == .keyNotFound && missing.generation == 0 && missing.voidTime == 0)
    }

    @Test func scanSkipsRecordsWithoutSelectedBinsAndFlagsMetadataOnlyReplies() async throws {
        let ports = try await sim.start()
        _ = run(TestRequests.put(10, bins: [("a", .integer(1)), ("b", .integer(2))]))
        _ = run(TestRequests.put(11, bins: [("b", .integer(3))]))
        let pids = [10, 11].map { Digest.partitionID(TestRequests.key(Int64($0)).digest) }
        let c = try RawConnection(port: ports[0])
        var selected = TestRequests.scan(pids: Array(Set(pids)))
        selected.operations = [.read("a")]
        try c.send(selected.frame())
        let records = try c.readStream().filter { !$0.isLast }
        #expect(records.compactMap(\.digest) == [TestRequests.key(10).digest])
        #expect(records.first?.operations.map(\.name) == ["a"])
        try c.send(TestRequests.scan(pids: Array(Set(pids)), noBins: true).frame())
        let headers = try c.readStream().filter { !$0.isLast }
        #expect(headers.count == 2 && headers.allSatisfy { $0.info1 == Info1.noBinData && $0.operations.isEmpty })
        await sim.stop()
    }

    @Test func scanWithoutPartitionsOrWithAnEmptyPidArrayIsRefused() {
        var whole = TestRequests.scan(pids: [1])
        whole.fields = whole.fields.filter { $0.type != .pidArray }
        #expect(ScanRequest.parse(whole).failureCode == .unsupportedFeature)
        var empty = TestRequests.scan(pids: [1])
        empty.fields = empty.fields.map { $0.type == .pidArray ? Field(type: .pidArray, data: []) : $0 }
        #expect(ScanRequest.parse(empty).failureCode == .parameterError)
        #expect(ScanRequest.parse(TestRequests.scan(pids: [1])).failureCode == nil)
    }
}

extension Result where Failure == CommandFailure {
    /// The result code of a failure, nil on success.
    var failureCode: ResultCode? {
        if case .failure(let f) = self { return f.code }
        return nil
    }
}
