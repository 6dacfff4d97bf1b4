import AerospikeWire
import ArchiveStore

extension RestoreOptions {
    /// The client write policy for one record with backed-up generation `generation` (SPEC.md §14 table).
    func writePolicy(generation: UInt32, ttl: RestoreTTL, sendKey: Bool) -> WritePolicy {
        let exists: RecordExistsAction
        switch existsAction {
        case .update: exists = .update
        case .replace: exists = .replace
        case .createOnly: exists = .createOnly
        }
        let recordTTL: RecordTTL
        switch ttl {
        case .never, .expired: recordTTL = .never
        case .seconds(let s): recordTTL = .seconds(s)
        }
        return WritePolicy(
            recordExists: exists, generation: usesGenerationCheck ? .greater(generation) : .none, ttl: recordTTL,
            sendKey: sendKey)
    }
}

extension BatchWriteRow {
    /// The batch row restoring one record into `namespace`, encoded once: written by digest, with
    /// the user key when the backup stored one the KEY field can carry, one WRITE op per bin carrying
    /// the stored particle type and bytes unchanged (the record codec's bin encoding is the wire's).
    /// Both restore paths (``PlannedWrite`` and ``RestoreRowEncoder``) make their rows here.
    ///
    /// - Parameters:
    ///   - binCount, opBytes, bins: as for ``BatchWriteRow/init(namespace:set:digest:userKey:policy:binCount:opBytes:bins:)``.
    /// - Throws: ``WireError`` `.invalidArgument` for what the cluster would refuse anyway (a bin name
    ///   over 15 bytes, a set name over 63 bytes, a digest that is not 20 bytes).
    static func restoring(
        namespace: String, set: String?, digest: [UInt8], key: ArchiveKey?, generation: UInt32, ttl: RestoreTTL,
        options: RestoreOptions, binCount: Int, opBytes: Int, bins: (inout BinWriter) throws -> Void
    ) throws -> BatchWriteRow {
        let userKey = key.flatMap { k in
            BatchWriteRow.isSendableKey(particleType: k.particleType, value: k.value) ? (k.particleType, k.value) : nil
        }
        let policy = options.writePolicy(generation: generation, ttl: ttl, sendKey: userKey != nil)
        return try BatchWriteRow(
            namespace: namespace, set: set, digest: digest, userKey: userKey, policy: policy, binCount: binCount,
            opBytes: opBytes, bins: bins)
    }
}

extension PlannedWrite {
    /// The batch row restoring this record into `namespace` (see ``BatchWriteRow/restoring(namespace:set:digest:key:generation:ttl:options:binCount:opBytes:bins:)``).
    ///
    /// - Throws: ``WireError`` `.invalidArgument` for what the cluster would refuse anyway.
    func batchRow(namespace: String, options: RestoreOptions) throws -> BatchWriteRow {
        try BatchWriteRow.restoring(
            namespace: namespace, set: set, digest: digest, key: key, generation: generation, ttl: ttl,
            options: options, binCount: bins.count, opBytes: bins.reduce(0) { $0 + 8 + $1.name.utf8.count + $1.value.count }
        ) { writer in
            for bin in bins {
                var name = bin.name
                try name.withUTF8 { name in
                    try bin.value.withUnsafeBytes {
                        try writer.append(name: UnsafeRawBufferPointer(name), particleType: bin.particleType, value: $0)
                    }
                }
            }
        }
    }
}
