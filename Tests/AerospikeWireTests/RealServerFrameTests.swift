import Foundation
import Testing

@testable import AerospikeWire

/// Replies (and two requests of the official client) captured from a real Aerospike CE 8.1.2 server and
/// stored under `Fixtures/real-server` (see its README), decoded with our codec.
@Suite struct RealServerFrameTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/real-server")

    /// The server named by env `AEROVAULT_REAL_SERVER=127.0.0.1:<port>`, if set.
    static var liveServer: AerospikeWire.Host? {
        ProcessInfo.processInfo.environment["AEROVAULT_REAL_SERVER"].flatMap { AerospikeWire.Host(parsing: $0, defaultPort: 3000) }
    }

    /// Every proto of a fixture file, decoded; the file must end on a proto boundary.
    static func frames(_ name: String) throws -> [WireFrame] {
        let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent(name + ".bin")))
        var offset = 0
        var out: [WireFrame] = []
        while offset < bytes.count {
            guard let frame = try WireFrame.decode(bytes, at: &offset) else {
                throw WireError.malformed("\(name).bin ends inside a proto at byte \(offset)")
            }
            out.append(frame)
        }
        return out
    }

    /// Every AS_MSG of a fixture file.
    static func messages(_ name: String) throws -> [AsMessage] {
        try frames(name).flatMap { frame -> [AsMessage] in
            #expect(frame.type == .message)
            return try AsMessage.decodeAll(frame.body)
        }
    }

    /// Seconds since 2010-01-01 of the capture, bounded loosely: void times must fall in 2025…2035.
    static let plausibleVoidTimes: ClosedRange<UInt32> = 473_000_000...789_000_000

    @Test func infoReplyFeedsPeersAndPartitionMap() throws {
        let frames = try Self.frames("info-reply")
        #expect(frames.count == 1 && frames.first?.type == .info)
        let pairs = InfoCodec.parseResponse(try #require(frames.first).body)
        #expect(pairs.map(\.command) == [
            "node", "partition-generation", "peers-generation", "peers-clear-std", "replicas", "namespace/test", "sets/test",
        ])
        let info = Dictionary(pairs, uniquingKeysWith: { a, _ in a })
        let node = try #require(info["node"])
        #expect(!node.isEmpty && node.allSatisfy(\.isHexDigit))
        #expect(Int(info["partition-generation"] ?? "") != nil)
        let peers = try PeersParser.parse(try #require(info["peers-clear-std"]))
        #expect(peers.peers.isEmpty, "a single node has no peers")
        var map = PartitionMap()
        try map.merge(node: node, replicas: try #require(info["replicas"]))
        #expect((0..<4096).allSatisfy { map.master(namespace: "test", partition: $0) == node })
        let stats = Dictionary(
            try #require(info["namespace/test"]).split(separator: ";").map { kv -> (String, String) in
                let parts = kv.split(separator: "=", maxSplits: 1)
                return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
            }, uniquingKeysWith: { a, _ in a })
        #expect(stats["nsup-period"] == "1" && stats["replication-factor"] == "1")
        #expect(Int(stats["master_objects"] ?? "") != nil && Int(stats["objects"] ?? "") != nil)
        #expect(InfoCodec.error(in: info["sets/test"] ?? "ERROR") == nil)
    }

    @Test func putAndGetRepliesCarryVoidTimeAndEveryParticleType() throws {
        let put = try #require(try Self.messages("put-reply").first)
        #expect(put.resultCode == .ok && put.generation == 1 && put.operations.isEmpty && put.fields.isEmpty)
        #expect(Self.plausibleVoidTimes.contains(put.recordTTL), "record_ttl of a reply is a void time")
        let got = try Self.messages("get-reply")
        #expect(got.count == 1)
        let get = try #require(got.first)
        #expect(get.resultCode == .ok && get.generation == 1 && get.recordTTL == put.recordTTL)
        let values = Dictionary(uniqueKeysWithValues: try get.operations.map { ($0.name, try $0.decodedValue()) })
        #expect(get.operations.allSatisfy { $0.type == .read })
        #expect(values["int"] == .integer(-42))
        #expect(values["str"] == .string("héllo"))
        #expect(values["blob"] == .blob([0x00, 0x01, 0xFE, 0xFF]))
        #expect(values["dbl"] == .double(2.5))
        #expect(values["bool"] == .bool(true))
        // [1, "two", 3.5]: strings inside msgpack carry the 0x03 particle prefix.
        #expect(values["list"] == .list(msgpack: [0x93, 0x01, 0xA4, 0x03, 0x74, 0x77, 0x6F, 0xCB, 0x40, 0x0C, 0, 0, 0, 0, 0, 0]))
        guard case .map(let map)? = values["map"] else {
            Issue.record("map bin decoded as \(String(describing: values["map"]))")
            return
        }
        #expect(map.first == 0x82 || map.first == 0x83, "a two-entry map (an ordered map adds a leading ext entry)")
        // The server answers GeoJSON as `flags(1) | ncells(u16 BE) | ncells × u64 cell id | JSON`; the codec
        // keeps any form other than `00 00 00 | JSON` raw, so the bytes round-trip (the server ignores
        // incoming cells).
        let json = try #require(Self.geoJSONText(values["geo"]))
        #expect(json.contains("\"Point\"") && json.contains("13.4") && json.contains("52.5"))
    }

    /// The JSON text of a GeoJSON particle as the server sends it (with its cell ids).
    static func geoJSONText(_ value: Value?) -> String? {
        guard case .raw(type: .geoJSON, let bytes)? = value, bytes.count >= 3, bytes[0] == 0 else { return nil }
        let cells = Int(bytes[1]) << 8 | Int(bytes[2])
        guard cells > 0, bytes.count >= 3 + 8 * cells else { return nil }
        return String(validating: bytes[(3 + 8 * cells)...], as: UTF8.self)
    }

    @Test func errorRepliesKeepTheCodeAndTheExistingRecordsMetadata() throws {
        let put = try #require(try Self.messages("put-reply").first)
        let exists = try Self.messages("error-key-exists-reply")
        #expect(exists.count == 1)
        #expect(exists.first?.resultCode == .keyExists)
        #expect(exists.first?.generation == 1 && exists.first?.recordTTL == put.recordTTL)
        #expect(exists.first?.operations.isEmpty == true)
        let missing = try Self.messages("error-not-found-reply")
        #expect(missing.count == 1)
        #expect(missing.first?.resultCode == .keyNotFound)
        #expect(missing.first?.generation == 0 && missing.first?.recordTTL == 0)
    }

    @Test func scanReplyHasDescendingRecordsThenLastWithoutMarkers() throws {
        let messages = try Self.messages("scan-partition-reply")
        let last = try #require(messages.last)
        #expect(last.isLast && last.resultCode == .ok && last.operations.isEmpty)
        let records = messages.dropLast()
        #expect(records.count >= 2)
        #expect(!records.contains { $0.isPartitionDone || $0.isLast }, "a fully scanned partition gets no marker")
        let digests = records.compactMap(\.digest)
        #expect(digests.count == records.count)
        #expect(digests == digests.sorted { $1.lexicographicallyPrecedes($0) }, "descending digest order")
        let pid = try #require(digests.first.map(Digest.partitionID))
        #expect(digests.allSatisfy { Digest.partitionID($0) == pid })
        for r in records {
            #expect(r.namespace == "test" && r.setName == "cap" && r.resultCode == .ok)
            let key = try #require(r.userKey)
            #expect(Digest.compute(set: "cap", key: key) == r.digest, "our digest of the stored key matches the server's")
            guard case .integer(let i) = key else {
                Issue.record("key \(key) is not an integer")
                continue
            }
            #expect(try r.operations.map { try $0.decodedValue() } == [.integer(i)])
            #expect(r.operations.first?.name == "i")
        }
        let request = try #require(try Self.messages("scan-partition-request").first)
        #expect(request.info3 & Info3.partitionDone != 0)
        #expect(try request.pidArray() == [pid])
        #expect(request.namespace == "test" && request.setName == "cap")
    }

    @Test func batchWriteReplyAnswersEveryRowInOrder() throws {
        let messages = try Self.messages("batch-write-reply")
        let last = try #require(messages.last)
        #expect(last.isLast && last.resultCode == .ok)
        let rows = messages.dropLast()
        #expect(rows.map(\.transactionTTL) == [0, 1, 2, 3])
        #expect(rows.map(\.resultCode) == [.ok, .keyExists, .keyNotFound, .ok])
        #expect(rows.first?.generation == 1)
        #expect(try rows.last?.operations.map { try $0.decodedValue() } == [.integer(-42)])

        let request = try #require(try Self.messages("batch-write-request").first)
        #expect(request.info1 & Info1.batch != 0)
        let batch = try BatchRequest.decode(try #require(request.field(.batchIndex)).data)
        let resolved = try batch.resolvedRows()
        #expect(resolved.map(\.index) == [0, 1, 2, 3])
        let keys: [UserKey] = [.string("bw-new"), .string("particles"), .string("bw-missing"), .string("particles")]
        #expect(resolved.map(\.digest) == keys.map { Digest.compute(set: "cap", key: $0) })
        #expect(resolved.allSatisfy { $0.attributes.fields.first?.type == .namespace })
        #expect(resolved[1].attributes.info2.map { $0 & Info2.createOnly != 0 } == true)
        #expect(resolved[2].attributes.info2.map { $0 & Info2.delete != 0 } == true)
    }
}
extension RealServerFrameTests {
    /// Our client against a running real server (env `AEROVAULT_REAL_SERVER=127.0.0.1:<port>`, namespace
    /// `test`, `nsup-period` > 0); skipped when the variable is not set. See docs/real-server-check.md.
    @Suite(.serialized, .enabled(if: RealServerFrameTests.liveServer != nil)) struct LiveServer {
        func withCluster(_ body: (Cluster) async throws -> Void) async throws {
            let host = try #require(RealServerFrameTests.liveServer)
            let cluster = try await Cluster.connect(ClusterConfig(seeds: [host], socketTimeout: .seconds(10)))
            do {
                try await body(cluster)
            } catch {
                await cluster.close()
                throw error
            }
            await cluster.close()
        }

        @Test func connectsAndOwnsEveryPartition() async throws {
            try await withCluster { cluster in
                let nodes = await cluster.currentNodes
                #expect(nodes.count == 1)
                let map = await cluster.partitionMap
                let id = try #require(nodes.first?.id)
                #expect((0..<4096).allSatisfy { map.master(namespace: "test", partition: $0) == id })
                #expect(try await cluster.namespaces().contains("test"))
            }
        }

        @Test func batchWritesThenScansAllPartitions() async throws {
            try await withCluster { cluster in
                let set = "swiftlive"
                let keys = (0..<2000).map { Key(namespace: "test", set: set, userKey: .integer(Int64($0))) }
                let writes = keys.map {
                    BatchWrite(key: $0, action: .put([Bin("i", .integer(Int64($0.digest[5]))), Bin("s", .string("v"))]),
                               policy: WritePolicy(recordExists: .replace, sendKey: true))
                }
                let results = try await cluster.batchWrite(writes)
                #expect(results.count == 2000)
                #expect(results.allSatisfy { $0.resultCode == .ok })
                let createOnly = keys.prefix(3).map { BatchWrite(key: $0, action: .put([Bin("i", .integer(0))]), policy: WritePolicy(recordExists: .createOnly)) }
                #expect(try await cluster.batchWrite(createOnly).map(\.resultCode) == [.keyExists, .keyExists, .keyExists])
                let missing = Key(namespace: "test", set: set, userKey: .string("never-written"))
                let mixed = try await cluster.batchWrite([
                    BatchWrite(key: missing, action: .delete),
                    BatchWrite(key: keys[0], action: .put([Bin("i", .integer(1))]), policy: WritePolicy(generation: .equal(999))),
                    BatchWrite(key: keys[1], action: .put([Bin("i", .integer(1))]), policy: WritePolicy(filter: .eq(.binString("s"), .string("nope")))),
                ])
                #expect(mixed.map(\.resultCode) == [.keyNotFound, .generationError, .filteredOut])

                var seen = Set<[UInt8]>()
                var done = Set<Int>()
                var lastPerPartition: [Int: [UInt8]] = [:]
                var descending = true
                for try await event in cluster.scan(ScanRequest(namespace: "test", set: set)) {
                    switch event {
                    case .record(let r):
                        #expect(seen.insert(r.digest).inserted)
                        if let prev = lastPerPartition[r.partitionID], !r.digest.lexicographicallyPrecedes(prev) { descending = false }
                        lastPerPartition[r.partitionID] = r.digest
                        #expect(r.userKey != nil && r.set == set && r.bins.count == 2)
                    case .partitionDone(let p):
                        #expect(done.insert(p).inserted)
                    }
                }
                #expect(seen == Set(keys.map(\.digest)))
                #expect(done.count == 4096)
                #expect(descending, "records of a partition arrive in descending digest order")
            }
        }

        @Test func lastUpdateFilterSelectsOnlyNewerRecords() async throws {
            try await withCluster { cluster in
                let set = "swiftlut"
                let old = (0..<50).map { Key(namespace: "test", set: set, userKey: .integer(Int64($0))) }
                for k in old { _ = try await cluster.put(k, bins: [Bin("v", .integer(1))]) }
                try await Task.sleep(for: .milliseconds(20))
                let cutoff = Int64(Date().timeIntervalSince1970 * 1_000_000_000)
                try await Task.sleep(for: .milliseconds(20))
                let changed = old.prefix(7)
                for k in changed { _ = try await cluster.put(k, bins: [Bin("v", .integer(2))]) }
                var found = Set<[UInt8]>()
                for try await event in cluster.scan(ScanRequest(namespace: "test", set: set, filter: .lastUpdate(from: cutoff, until: nil))) {
                    if case .record(let r) = event { found.insert(r.digest) }
                }
                #expect(found == Set(changed.map(\.digest)))
            }
        }

        @Test func everyParticleTypeRoundTripsAndTTLIsAVoidTime() async throws {
            try await withCluster { cluster in
                let key = Key(namespace: "test", set: "swiftlive", userKey: .string("particles"))
                let bins: [Bin] = [
                    Bin("int", .integer(-42)), Bin("str", .string("héllo")), Bin("blob", .blob([0, 1, 0xFE, 0xFF])),
                    Bin("dbl", .double(2.5)), Bin("bool", .bool(true)),
                    Bin("list", .list(msgpack: [0x93, 0x01, 0xA4, 0x03, 0x74, 0x77, 0x6F, 0xCB, 0x40, 0x0C, 0, 0, 0, 0, 0, 0])),
                    Bin("map", .map(msgpack: [0x81, 0xA2, 0x03, 0x6B, 0x07])),
                    Bin("geo", .geoJSON(#"{"type":"Point","coordinates":[13.4,52.5]}"#)),
                ]
                let written = try await cluster.put(key, bins: bins, policy: WritePolicy(recordExists: .replace, ttl: .seconds(1000)))
                let nowVoid = UInt32(Int64(Date().timeIntervalSince1970) - CitrusleafEpoch.unixSeconds)
                #expect(written.voidTime >= nowVoid + 995 && written.voidTime <= nowVoid + 1001)
                let record = try #require(try await cluster.get(key))
                #expect(record.voidTime == written.voidTime)
                for bin in bins where bin.name != "geo" {
                    #expect(record[bin: bin.name] == bin.value, "bin \(bin.name)")
                }
                let json = try #require(RealServerFrameTests.geoJSONText(record[bin: "geo"]))
                #expect(json == #"{"type":"Point","coordinates":[13.4,52.5]}"#, "stored verbatim, cells added")
                let rewritten = try await cluster.put(key, bins: [Bin("geo", try #require(record[bin: "geo"]))])
                #expect(rewritten.generation == 2, "the server accepts its own GeoJSON form back")
                let never = try await cluster.put(key, bins: [Bin("int", .integer(1))], policy: WritePolicy(ttl: .never))
                #expect(never.voidTime == 0)
                await #expect(throws: WireError.self) {
                    _ = try await cluster.put(key, bins: [Bin("int", .integer(1))], policy: WritePolicy(ttl: .seconds(315_360_001)))
                }
                #expect(try await cluster.delete(key))
                #expect(try await cluster.delete(key) == false)
                #expect(try await cluster.get(key) == nil)
            }
        }
    }
}
