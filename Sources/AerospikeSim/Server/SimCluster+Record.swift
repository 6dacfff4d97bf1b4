import AerospikeWire

/// Single-record commands: get, exists, put (all exists/generation policies), delete, touch, operate
/// (SPEC.md §13 "Commands"). Shared by plain AS_MSG requests and batch rows.
extension SimCluster {
    /// Longest TTL the server accepts (10 years).
    static let maxTTL: UInt32 = 315_360_000
    /// Largest record a write may leave (the server's default `max-record-size`, 1 MiB, including a
    /// 16-byte end mark); larger → 13 RECORD_TOO_BIG, as observed on CE 8.1.2.
    static let maxRecordSize = 1024 * 1024 - 16

    /// Executes one record command received by `node` from a socket logged in as `user`.
    func execute(_ cmd: RecordCommand, node: Int, user: String?) -> RecordReply {
        guard let ns = cmd.namespace, let store = stores[ns] else { return .error(.invalidNamespace) }
        var digestBytes = cmd.digest
        if digestBytes == nil, let keyData = cmd.key, let key = try? UserKey(fieldData: keyData) {
            digestBytes = Digest.compute(set: cmd.setName, key: key)
        }
        guard let bytes = digestBytes, let digest = SimDigest(bytes: bytes) else { return .error(.parameterError) }
        if let code = faults.injectedError(node: node) { return .error(ResultCode(code)) }
        guard security.allows(user, cmd.isWrite ? .write : .read) else { return .error(ResultCode(81)) }
        var filter: FilterExpression?
        if let f = cmd.filter {
            guard let parsed = try? FilterExpression.decode(f) else { return .error(.parameterError) }
            filter = parsed
        }
        let nowMs = clock.nowMs
        let context = WriteContext(
            nowMs: nowMs, nowVoid: SimClock.voidSecond(unixMs: nowMs), defaultTTL: store.defaultTTL, filter: filter)
        let partition = store.partition(for: digest)
        if !cmd.isWrite {
            guard let rec = partition.get(digest, nowVoid: context.nowVoid) else { return .error(.keyNotFound) }
            return read(cmd, rec, context)
        }
        return partition.mutate(digest, nowVoid: context.nowVoid) { slot in
            write(cmd, digest: digest, slot: &slot, context)
        }
    }

    /// Clock reading and namespace settings for one command.
    struct WriteContext {
        let nowMs: UInt64
        let nowVoid: UInt32
        let defaultTTL: UInt32
        let filter: FilterExpression?

        func passes(_ rec: SimRecord) -> Bool {
            guard let filter else { return true }
            return ExpressionEvaluator(nowMs: nowMs).matches(filter, rec)
        }
    }

    /// A read: a set name, if sent, must match (4); a false filter → 27. Errors carry the record's
    /// generation and void time, as on the server.
    private func read(_ cmd: RecordCommand, _ rec: SimRecord, _ ctx: WriteContext) -> RecordReply {
        var reply = RecordReply(resultCode: .ok, generation: UInt32(rec.generation), voidTime: rec.voidTime)
        func fail(_ code: ResultCode) -> RecordReply {
            var failed = reply
            failed.resultCode = code
            return failed
        }
        if let set = cmd.setName, set != rec.setName { return fail(.parameterError) }
        guard ctx.passes(rec) else { return fail(.filteredOut) }
        if cmd.isHeaderOnly { return reply }
        let reads = cmd.operations.filter { $0.type == .read && !$0.name.isEmpty }
        if cmd.info1 & Info1.getAll != 0 || reads.isEmpty {
            reply.operations = rec.bins.map(Self.readOp)
        } else {
            for op in cmd.operations {
                guard op.type == .read else { return .error(.parameterError) }
                if let bin = rec.bin(op.name) { reply.operations.append(Self.readOp(bin)) }
            }
        }
        return reply
    }

    /// A READ op carrying a bin's value (the response form of a bin).
    static func readOp(_ bin: SimBin) -> Operation {
        Operation(type: .read, particleType: ParticleType(rawValue: bin.particleType), name: bin.name, value: bin.data)
    }

    /// A write or delete. Like the server, an error reply still carries the existing record's generation
    /// and void time (CE 8.1.2 `write_master_failed` answers with the metadata it looked up).
    private func write(_ cmd: RecordCommand, digest: SimDigest, slot: inout SimRecord?, _ ctx: WriteContext) -> RecordReply {
        let existing = slot
        var reply = applyWrite(cmd, digest: digest, slot: &slot, ctx)
        if reply.resultCode != .ok, let existing {
            reply.generation = UInt32(existing.generation)
            reply.voidTime = existing.voidTime
        }
        return reply
    }

    /// Checks in the real server's order (CE 8.1.2 `write_master`/`delete_master`): must-exist (2),
    /// create-only (5), generation (3; a missing record has generation 0), set name of an existing record
    /// (4), filter (27), stored key (19), TTL (4); then the ops.
    private func applyWrite(_ cmd: RecordCommand, digest: SimDigest, slot: inout SimRecord?, _ ctx: WriteContext) -> RecordReply {
        let existing = slot
        let isDelete = cmd.info2 & Info2.delete != 0
        if existing == nil, isDelete || cmd.info3 & (Info3.updateOnly | Info3.replaceOnly) != 0 {
            return .error(.keyNotFound)
        }
        // Deletes (like reads) may omit the set name; a write must name the record's set exactly.
        if let existing, isDelete, let set = cmd.setName, set != existing.setName { return .error(.parameterError) }
        if existing != nil, !isDelete, cmd.info2 & Info2.createOnly != 0 { return .error(.keyExists) }
        let generation = UInt32(existing?.generation ?? 0)
        if cmd.info2 & Info2.generation != 0, generation != cmd.generation { return .error(.generationError) }
        if cmd.info2 & Info2.generationGT != 0, cmd.generation <= generation { return .error(.generationError) }
        if let existing, !isDelete, existing.setName != cmd.setName { return .error(.parameterError) }
        if let existing, !ctx.passes(existing) { return .error(.filteredOut) }
        if let existing, let key = cmd.key, let stored = existing.userKey,
            key != [stored.particleType] + stored.data
        {
            return .error(.keyMismatch)
        }
        if isDelete {
            slot = nil
            return RecordReply(resultCode: .ok)
        }
        let voidTime: UInt32
        switch Self.voidTime(ttl: cmd.ttl, existing: existing, defaultTTL: ctx.defaultTTL, nowVoid: ctx.nowVoid) {
        case .failure(let f): return .error(f.code)
        case .success(let v): voidTime = v
        }
        let replace = cmd.info3 & (Info3.createOrReplace | Info3.replaceOnly) != 0
        var rec = existing ?? SimRecord(digest: digest, setName: cmd.setName, bins: [], generation: 0, lastUpdateMs: 0)
        if replace { rec.bins = [] }
        if rec.setName == nil { rec.setName = cmd.setName }
        if let keyData = cmd.key, let t = keyData.first { rec.userKey = SimUserKey(particleType: t, data: Array(keyData.dropFirst())) }
        var outputs: [Operation] = []
        var deleted = false
        var touched = false
        let respondAll = cmd.info2 & Info2.respondAllOps != 0
        for op in cmd.operations {
            guard op.name.utf8.count <= Operation.maxBinNameLength else { return .error(.binNameTooLong) }
            switch op.type {
            case .read:
                if op.name.isEmpty {
                    outputs += rec.bins.map(Self.readOp)
                } else if let bin = rec.bin(op.name) {
                    outputs.append(Self.readOp(bin))
                } else if respondAll {
                    outputs.append(Operation(type: .read, name: op.name))
                }
                continue
            case .touch:
                guard existing != nil else { return .error(.keyNotFound) }
                touched = true
                continue  // the server answers no op for a touch, even with RESPOND_ALL_OPS
            case .delete:
                rec.bins = []
                deleted = true
            default:
                if let code = SimBinOps.apply(op, to: &rec.bins) { return .error(code) }
            }
            // Like the server (write.c): under RESPOND_ALL_OPS each write op is answered by an op of
            // the same type with an empty value; without it a write answers no ops at all.
            if respondAll { outputs.append(Operation(type: op.type, name: op.name)) }
        }
        if deleted && rec.bins.isEmpty {
            guard existing != nil else { return .error(.keyNotFound) }
            slot = nil
            return RecordReply(resultCode: .ok, operations: outputs)
        }
        if rec.bins.isEmpty && !touched {
            // A record left with no bins is removed, as on the real server.
            slot = nil
            return existing == nil ? .error(.keyNotFound) : RecordReply(resultCode: .ok, operations: outputs)
        }
        if rec.flatSize > Self.maxRecordSize { return .error(.recordTooBig) }
        rec.voidTime = voidTime
        rec.generation = existing == nil ? 1 : SimRecord.nextGeneration(after: rec.generation)
        rec.lastUpdateMs = ctx.nowMs
        slot = rec
        return RecordReply(resultCode: .ok, generation: UInt32(rec.generation), voidTime: rec.voidTime, operations: outputs)
    }

    /// Void time for a write TTL (0 default, 0xFFFFFFFF never, 0xFFFFFFFE keep, else seconds from now).
    static func voidTime(ttl: UInt32, existing: SimRecord?, defaultTTL: UInt32, nowVoid: UInt32) -> Result<UInt32, CommandFailure> {
        func fromSeconds(_ s: UInt32) -> UInt32 { s == 0 ? 0 : nowVoid &+ s }
        switch ttl {
        case 0xFFFF_FFFF: return .success(0)
        case 0xFFFF_FFFE: return .success(existing?.voidTime ?? fromSeconds(defaultTTL))
        case 0: return .success(fromSeconds(defaultTTL))
        default:
            guard ttl <= maxTTL else { return .failure(CommandFailure(.parameterError)) }
            return .success(fromSeconds(ttl))
        }
    }
}
