import AerospikeWire

/// Builders for the AS_MSG requests the tests send.
enum TestRequests {
    static func key(_ i: Int64, set: String = "t") -> (set: String, key: UserKey, digest: [UInt8]) {
        let k = UserKey.integer(i)
        return (set, k, Digest.compute(set: set, key: k))
    }

    static func put(ns: String = "test", set: String = "t", _ i: Int64, bins: [(String, Value)], ttl: UInt32 = 0,
                    info2: UInt8 = 0, info3: UInt8 = 0, generation: UInt32 = 0, sendKey: Bool = true) -> AsMessage {
        let k = key(i, set: set)
        var fields = [Field.string(.namespace, ns), .string(.setName, set), Field(type: .digest, data: k.digest)]
        if sendKey { fields.append(Field(type: .key, data: k.key.fieldData)) }
        return AsMessage(
            info2: Info2.write | info2, info3: info3, generation: generation, recordTTL: ttl, fields: fields,
            operations: bins.map { Operation.write($0.0, $0.1) })
    }

    static func get(ns: String = "test", set: String = "t", _ i: Int64, headerOnly: Bool = false) -> AsMessage {
        let k = key(i, set: set)
        return AsMessage(
            info1: Info1.read | (headerOnly ? Info1.noBinData : Info1.getAll),
            fields: [.string(.namespace, ns), .string(.setName, set), Field(type: .digest, data: k.digest)])
    }

    static func scan(ns: String = "test", pids: [Int], filter: FilterExpression? = nil, maxRecords: UInt64? = nil,
                     noBins: Bool = false) -> AsMessage {
        var fields = [Field.string(.namespace, ns), AsMessage.pidArrayField(pids), .uint64(.taskID, 99)]
        if let filter { fields.append(filter.field) }
        if let maxRecords { fields.append(.uint64(.maxRecords, maxRecords)) }
        return AsMessage(
            info1: Info1.read | (noBins ? Info1.noBinData : 0), info3: Info3.partitionDone, fields: fields)
    }
}
