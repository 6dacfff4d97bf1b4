/// Single-record commands: put, get, exists, delete (SPEC.md §12.12), with retries.
extension Cluster {
    /// Writes bins to a record (by digest; the user key is sent only with `policy.sendKey`).
    ///
    /// Retries with exponential backoff on timeouts, socket failures, 14 KEY_BUSY, 18 DEVICE_OVERLOAD and,
    /// after a partition-map refresh, 11 PARTITION_UNAVAILABLE / 7.
    /// - Throws: ``WireError`` with ``WireError/Code/server(_:)`` for other result codes (2, 3, 5, 13, 22 …).
    @discardableResult
    public nonisolated func put(_ key: Key, bins: [Bin], policy: WritePolicy = WritePolicy()) async throws -> WriteResult {
        try key.validate()
        try Self.validate(bins)
        let (info2, info3, gen) = policy.bits
        var fields = key.fields(sendKey: policy.sendKey)
        if let f = policy.filter { fields.append(f.field) }
        let message = AsMessage(
            info2: info2, info3: info3, generation: gen, recordTTL: policy.ttl.wireValue,
            transactionTTL: policy.timeout.milliseconds, fields: fields,
            operations: bins.map { Operation.write($0.name, $0.value) })
        if let limiter = rateLimiter { try await limiter.acquire() }
        let reply = try await execute(message, key: key, timeout: policy.timeout, retry: policy.retry, what: "put \(key)")
        guard reply.resultCode == .ok else { throw WireError.server(reply.resultCode, "put \(key)") }
        return WriteResult(generation: reply.generation, voidTime: reply.recordTTL)
    }

    /// Deletes a record. Returns false if it did not exist (result 2).
    @discardableResult
    public nonisolated func delete(_ key: Key, policy: WritePolicy = WritePolicy()) async throws -> Bool {
        try key.validate()
        var (info2, _, gen) = policy.bits
        info2 = (info2 & (Info2.generation | Info2.generationGT | Info2.durableDelete)) | Info2.write | Info2.delete
        var fields = key.fields(sendKey: false)
        if let f = policy.filter { fields.append(f.field) }
        let message = AsMessage(info2: info2, generation: gen, transactionTTL: policy.timeout.milliseconds, fields: fields)
        if let limiter = rateLimiter { try await limiter.acquire() }
        let reply = try await execute(message, key: key, timeout: policy.timeout, retry: policy.retry, what: "delete \(key)")
        switch reply.resultCode {
        case .ok: return true
        case .keyNotFound: return false
        default: throw WireError.server(reply.resultCode, "delete \(key)")
        }
    }

    /// Reads all bins (or `binNames`). Returns nil if the record does not exist.
    public nonisolated func get(_ key: Key, binNames: [String]? = nil, timeout: Duration = .seconds(5)) async throws -> Record? {
        try key.validate()
        let info1 = binNames == nil ? Info1.read | Info1.getAll : Info1.read
        let message = AsMessage(
            info1: info1, transactionTTL: timeout.milliseconds, fields: key.fields(sendKey: false),
            operations: (binNames ?? []).map(Operation.read))
        let reply = try await execute(message, key: key, timeout: timeout, retry: RetryPolicy(), what: "get \(key)")
        switch reply.resultCode {
        case .ok:
            return Record(
                generation: reply.generation, voidTime: reply.recordTTL,
                bins: try reply.operations.map { Bin($0.name, try $0.decodedValue()) })
        case .keyNotFound: return nil
        default: throw WireError.server(reply.resultCode, "get \(key)")
        }
    }

    /// True if the record exists (header-only read).
    public nonisolated func exists(_ key: Key, timeout: Duration = .seconds(5)) async throws -> Bool {
        try key.validate()
        let message = AsMessage(
            info1: Info1.read | Info1.noBinData, transactionTTL: timeout.milliseconds, fields: key.fields(sendKey: false))
        let reply = try await execute(message, key: key, timeout: timeout, retry: RetryPolicy(), what: "exists \(key)")
        switch reply.resultCode {
        case .ok: return true
        case .keyNotFound: return false
        default: throw WireError.server(reply.resultCode, "exists \(key)")
        }
    }

    static func validate(_ bins: [Bin]) throws {
        for b in bins where b.name.utf8.count > Operation.maxBinNameLength {
            throw WireError(.invalidArgument, "bin name '\(b.name)' exceeds 15 bytes")
        }
    }

    /// Sends a single-record command to the key's master, retrying transient failures.
    /// Returns the reply for result codes the caller interprets; retryable codes are retried first.
    nonisolated func execute(
        _ message: AsMessage, key: Key, timeout: Duration, retry: RetryPolicy, what: String
    ) async throws -> AsMessage {
        var attempt = 0
        while true {
            try await checkOpen()
            var failure: WireError
            if let node = await master(namespace: key.namespace, partition: key.partitionID) {
                do {
                    let reply = try await node.pool.withConnection { try await $0.command(message, timeout: timeout) }
                    switch reply.resultCode {
                    case .notAuthenticated, .expiredSession:
                        await node.pool.invalidateSession()
                        failure = WireError.server(reply.resultCode, what)
                    case let rc where rc.isRetryable:
                        failure = WireError.server(rc, what)
                    default:
                        return reply
                    }
                } catch let e as WireError where e.isTransient {
                    failure = e
                }
            } else {
                failure = WireError(.noNodes, "\(what): no node masters partition \(key.partitionID) of '\(key.namespace)'")
            }
            attempt += 1
            guard attempt <= retry.maxRetries else {
                failure.message += " (gave up after \(attempt) attempts)"
                throw failure
            }
            try await Task.sleep(for: retry.backoff(attempt: attempt))
            if failure.code != .server(.keyBusy) && failure.code != .server(.deviceOverload) { try? await refresh() }
        }
    }
}
