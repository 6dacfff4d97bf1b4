import AerospikeWire
import NIOCore

/// Streams the reply to one scan/query on a connection (SPEC.md §13 "Scans and queries").
///
/// Runs on the channel's event loop only. Each partition is a snapshot taken when the job reaches it,
/// walked in descending digest order. Up to ``workers`` partitions are sent at once, taking turns, so
/// records of different partitions interleave within and across protos, as the real server's job
/// threads make them (each thread takes the next requested partition). Replies are packed ~128 KiB per proto; the job pauses while the
/// channel is not writable, honours records-per-second, max-records and the node's faults, and ends
/// with an INFO3_LAST message. Partitions this node does not master get a partition-done marker with
/// result 11 (PARTITION_UNAVAILABLE); fully scanned partitions get no marker, like the real server.
final class ScanJob {
    private let cluster: SimCluster
    private let node: Int
    private let request: ScanRequest
    private let store: NamespaceStore
    private let context: ChannelHandlerContext
    private let onFinish: () -> Void
    private let evaluator: ExpressionEvaluator
    private let nowVoid: UInt32
    private let dropAfter: Int?

    /// A partition being sent: its records, descending by digest, and the next one to send.
    private struct Cursor {
        var records: [SimRecord]
        var position = 0
        var isExhausted: Bool { position >= records.count }
    }

    private var entryIndex = 0
    private var cursors: [Cursor] = []
    private var turn = 0
    private var sentInTurn = 0
    private var sent: UInt64 = 0
    private var waitingForWritability = false
    private var finished = false

    /// Target size of one reply proto.
    static let protoTarget = 128 * 1024
    /// Partitions sent at once (the server's default `single-query-threads`).
    static let workers = 4
    /// Records of one partition sent before the next partition's turn.
    static let turnLength = 50

    init(
        cluster: SimCluster, node: Int, request: ScanRequest, store: NamespaceStore, context: ChannelHandlerContext,
        onFinish: @escaping () -> Void
    ) {
        self.cluster = cluster
        self.node = node
        self.request = request
        self.store = store
        self.context = context
        self.onFinish = onFinish
        let nowMs = cluster.clock.nowMs
        self.evaluator = ExpressionEvaluator(nowMs: nowMs)
        self.nowVoid = SimClock.voidSecond(unixMs: nowMs)
        self.dropAfter = cluster.faults.plan(node: node).dropScanAfterRecords
    }

    /// Starts streaming.
    func start() {
        pump()
    }

    /// Called by the connection handler when the channel became writable again.
    func writabilityChanged() {
        guard waitingForWritability, context.channel.isWritable else { return }
        waitingForWritability = false
        pump()
    }

    /// Stops without sending anything more (connection gone).
    func cancel() {
        finished = true
    }

    private func finish() {
        guard !finished else { return }
        finished = true
        onFinish()
    }

    private func pump() {
        guard !finished else { return }
        guard context.channel.isActive else { return finish() }
        let perRound = request.recordsPerSecond > 0 ? max(1, Int(request.recordsPerSecond) / 10) : Int.max
        var body: [UInt8] = []
        body.reserveCapacity(Self.protoTarget + 4096)
        var roundCount = 0
        var examined = 0
        var done = false
        // Bounded rounds keep the event loop responsive even when a filter rejects most records.
        while body.count < Self.protoTarget && roundCount < perRound && examined < 20_000 {
            if let limit = dropAfter, sent >= UInt64(limit) { break }
            if request.maxRecords > 0 && sent >= request.maxRecords {
                done = true
                break
            }
            guard let rec = nextRecord(into: &body) else {
                done = true
                break
            }
            examined += 1
            guard evaluatorAccepts(rec), let message = recordMessage(rec) else { continue }
            message.encode(into: &body)
            sent += 1
            roundCount += 1
        }
        if done { AsMessage(info3: Info3.last).encode(into: &body) }
        write(body)
        if let limit = dropAfter, sent >= UInt64(limit), !done {
            // Fault injection: drop the connection mid-scan.
            context.close(promise: nil)
            return finish()
        }
        if done { return finish() }
        if request.recordsPerSecond > 0 {
            context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(100)) { self.pump() }
        } else if context.channel.isWritable {
            context.eventLoop.assumeIsolated().execute { self.pump() }
        } else {
            waitingForWritability = true
        }
    }

    private func evaluatorAccepts(_ rec: SimRecord) -> Bool {
        if let set = request.setName, rec.setName != set { return false }
        if rec.isExpired(atVoidSecond: nowVoid) { return false }
        if let filter = request.filter { return evaluator.matches(filter, rec) }
        return true
    }

    /// The next record to send, nil when every partition is sent. Partitions take turns of
    /// ``turnLength`` records; a free slot loads the next partition.
    private func nextRecord(into body: inout [UInt8]) -> SimRecord? {
        cursors.removeAll(where: \.isExhausted)
        while cursors.count < Self.workers, let records = nextPartition(into: &body) {
            cursors.append(Cursor(records: records))
        }
        guard !cursors.isEmpty else { return nil }
        if sentInTurn >= Self.turnLength {
            turn += 1
            sentInTurn = 0
        }
        turn %= cursors.count
        sentInTurn += 1
        defer { cursors[turn].position += 1 }
        return cursors[turn].records[cursors[turn].position]
    }

    /// The records (descending by digest) of the next requested partition that has any, emitting a
    /// done-marker for each unavailable one on the way; nil when none is left.
    private func nextPartition(into body: inout [UInt8]) -> [SimRecord]? {
        while entryIndex < request.entries.count {
            let entry = request.entries[entryIndex]
            entryIndex += 1
            var code: ResultCode? = nil
            if !cluster.state.map.holds(node: node, partition: entry.partition) {
                code = .partitionUnavailable
            } else if let injected = cluster.faults.injectedError(node: node) {
                code = ResultCode(injected)
            }
            if let code {
                AsMessage(info3: Info3.partitionDone, resultCode: code, generation: UInt32(entry.partition))
                    .encode(into: &body)
                continue
            }
            var records = store.partitions[entry.partition].snapshot(nowVoid: nowVoid)
            if let resume = entry.resumeAfter { records = records.filter { $0.digest < resume } }
            if !records.isEmpty { return records.reversed() }
        }
        return nil
    }

    /// The record as the server sends it in a scan: fields namespace, digest, set, key; INFO1 NOBINDATA on
    /// metadata-only replies. Nil when bins were selected and the record has none of them: the server
    /// does not return empty records (CE 8.1.2 `as_msg_make_response_bufbuilder`).
    private func recordMessage(_ rec: SimRecord) -> AsMessage? {
        var fields = [Field.string(.namespace, request.namespace), Field(type: .digest, data: rec.digest.bytes)]
        if let set = rec.setName { fields.append(.string(.setName, set)) }
        if let key = rec.userKey { fields.append(Field(type: .key, data: [key.particleType] + key.data)) }
        var ops: [Operation] = []
        if !request.noBinData {
            let bins = request.binNames.isEmpty ? rec.bins : rec.bins.filter { request.binNames.contains($0.name) }
            if bins.isEmpty && !request.binNames.isEmpty { return nil }
            ops = bins.map(SimCluster.readOp)
        }
        return AsMessage(
            info1: request.noBinData ? Info1.noBinData : 0, generation: UInt32(rec.generation), recordTTL: rec.voidTime,
            fields: fields, operations: ops)
    }

    private func write(_ body: [UInt8]) {
        guard !body.isEmpty else { return }
        var frame = WireFrame(type: .message, body: body)
        if request.compress, let c = try? frame.compressed() { frame = c }
        context.writeAndFlush(NIOAny(frame), promise: nil)
    }
}
