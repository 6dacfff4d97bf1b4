import Foundation
import Testing

@testable import AerospikeSim

@Suite struct InfoTests {
    let sim = try! SimCluster(SimConfig(nodeCount: 3, namespaces: ["test", "bar"]))

    @Test func parsesPositionalAndKeywordArguments() {
        #expect(InfoRequest("node").name == "node")
        #expect(InfoRequest("sets/test/s1").positional == ["test", "s1"])
        let r = InfoRequest("truncate:namespace=test;set=s;lut=5")
        #expect(r.name == "truncate")
        #expect(r.keywords == ["namespace": "test", "set": "s", "lut": "5"])
        #expect(InfoRequest("sim-fault:clear").keywords == ["clear": ""])
    }

    @Test func tendCommandsAnswerLikeAServer() {
        #expect(sim.answerInfo("node", node: 1, user: nil) == sim.nodeIDs[1])
        #expect(sim.answerInfo("partitions", node: 0, user: nil) == "4096")
        #expect(sim.answerInfo("namespaces", node: 0, user: nil) == "test;bar")
        #expect(sim.answerInfo("cluster-name", node: 0, user: nil) == "aerovault-sim")
        #expect(sim.answerInfo("features", node: 0, user: nil).split(separator: ";").contains("pscans"))
        #expect(sim.answerInfo("nonsense", node: 0, user: nil) == "ERROR:4:unrecognized command")
        #expect(sim.answerInfo("namespace/nope", node: 0, user: nil) == "type=unknown")
        #expect(sim.answerInfo("namespace/test", node: 0, user: nil).contains("replication-factor=2"))
    }

    @Test func peersListEveryOtherLiveNode() {
        let peers = sim.answerInfo("peers-clear-std", node: 0, user: nil)
        #expect(peers.hasPrefix("\(sim.state.peersGeneration),"))
        #expect(peers.contains(sim.nodeIDs[1]) && peers.contains(sim.nodeIDs[2]) && !peers.contains(sim.nodeIDs[0]))
        #expect(sim.answerInfo("peers-tls-std", node: 0, user: nil).hasSuffix(",,[]"))
    }

    @Test func replicasBitmapsMatchThePartitionMap() throws {
        var masters = [Int](repeating: 0, count: 4096)
        for node in 0..<3 {
            let value = sim.answerInfo("replicas", node: node, user: nil)
            let perNamespace = value.split(separator: ";")
            #expect(perNamespace.count == 2)
            let parts = perNamespace[0].split(separator: ":")[1].split(separator: ",")
            #expect(parts[0] == "0" && parts[1] == "2" && parts.count == 4)
            let bits = try #require(Data(base64Encoded: String(parts[2])))
            for pid in 0..<4096 where bits[pid >> 3] & (0x80 >> UInt8(pid & 7)) != 0 {
                masters[pid] += 1
                #expect(sim.masterNode(ofPartition: pid) == node)
            }
        }
        #expect(masters.allSatisfy { $0 == 1 })
        #expect(sim.answerInfo("replicas:max=1", node: 0, user: nil).split(separator: ";")[0].split(separator: ",").count == 3)
    }

    @Test func setsAndTruncate() throws {
        try sim.seed(namespace: "test", records: 200, seed: 1)
        let sets = sim.answerInfo("sets/test", node: 0, user: nil)
        #expect(sets.contains("ns=test:set=users:objects=80:"))
        #expect(sim.answerInfo("truncate:namespace=test;set=users", node: 0, user: nil) == "ok")
        #expect(!sim.answerInfo("sets/test", node: 0, user: nil).contains("set=users"))
        #expect(try sim.recordCount(namespace: "test") == 120)
    }

    @Test func controlCommandsSetFaultsAndClock() {
        #expect(sim.answerInfo("sim-fault:node=2;error=14;rate=0.25;delay-ms=5", node: 0, user: nil) == "ok")
        #expect(sim.faults.plan(node: 2) == SimFaults(errorCode: 14, errorRate: 0.25, replyDelayMs: 5))
        #expect(sim.faults.plan(node: 1) == .none)
        #expect(sim.answerInfo("sim-fault:rate=7", node: 0, user: nil).hasPrefix("ERROR:4:"))
        #expect(sim.answerInfo("sim-fault:bogus=1", node: 0, user: nil).hasPrefix("ERROR:4:"))
        #expect(sim.answerInfo("sim-fault:clear", node: 0, user: nil) == "ok")
        #expect(sim.faults.plan(node: 2) == .none)
        #expect(sim.answerInfo("sim-clock:offset-ms=5000", node: 0, user: nil) == "offset-ms=5000")
        #expect(sim.clockOffsetMs == 5000)
        #expect(sim.answerInfo("sim-kill:node=9", node: 0, user: nil).hasPrefix("ERROR:4:"))
        #expect(sim.answerInfo("sim-clock:advance=inf", node: 0, user: nil).hasPrefix("ERROR:4:"))
        #expect(sim.answerInfo("sim-clock:offset-ms=-9223372036854775808", node: 0, user: nil).hasPrefix("ERROR:4:"))
        #expect(sim.answerInfo("replicas:max=-1", node: 0, user: nil) == "test:0,0;bar:0,0")
    }

    @Test func privilegedCommandsNeedRolesWhenSecure() throws {
        let secure = try SimCluster(SimConfig(nodeCount: 1, users: [SimUser(name: "r", password: "p", roles: ["read"])]))
        #expect(secure.answerInfo("sim-status", node: 0, user: "r").hasPrefix("ERROR:81:"))
        #expect(secure.answerInfo("truncate-namespace:namespace=test", node: 0, user: "r").hasPrefix("ERROR:81:"))
        #expect(secure.answerInfo("node", node: 0, user: "r") == secure.nodeIDs[0])
    }
}
