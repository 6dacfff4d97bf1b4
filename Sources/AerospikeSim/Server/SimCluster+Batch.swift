import AerospikeWire

/// Batch-index requests (field 41): batch reads and batch writes (SPEC.md §13 "Batch").
extension SimCluster {
    /// Executes a batch parent message and returns the reply protos: one message per row (the row
    /// index in transaction_ttl), then an INFO3_LAST message with the batch status.
    ///
    /// Without the parent's respond-all-keys flag (0x04) the first row error other than 0, 2 or 27
    /// stops the batch and becomes the LAST message's result, like the server.
    func executeBatch(_ m: AsMessage, node: Int, user: String?) -> [WireFrame] {
        var body: [UInt8] = []
        var frames: [WireFrame] = []
        func flush() {
            if !body.isEmpty { frames.append(WireFrame(type: .message, body: body)) }
            body = []
        }
        func last(_ code: ResultCode) -> [WireFrame] {
            AsMessage(info3: Info3.last, resultCode: code).encode(into: &body)
            flush()
            return frames
        }
        guard let field = m.field(.batchIndex) else {
            return last(m.field(.batchIndexWithSet) != nil ? .unsupportedFeature : .parameterError)
        }
        guard let request = try? BatchRequest.decode(field.data), let rows = try? request.resolvedRows() else {
            return last(.parameterError)
        }
        if let injected = faults.injectedError(node: node) { return last(ResultCode(injected)) }
        let parentFilter = m.field(.filterExp)?.data
        let respondAll = request.flags & BatchRequest.respondAllKeys != 0
        for row in rows {
            guard row.attributes.fields.first?.type == .namespace else { return last(.parameterError) }
            let cmd = RecordCommand(row: row.attributes, digest: row.digest, parentFilter: parentFilter)
            let reply = execute(cmd, node: node, user: user)
            let benign: Set<ResultCode> = [.ok, .keyNotFound, .filteredOut]
            if !respondAll && !benign.contains(reply.resultCode) { return last(reply.resultCode) }
            reply.message(batchIndex: row.index).encode(into: &body)
            if body.count >= ScanJob.protoTarget { flush() }
        }
        return last(.ok)
    }
}
