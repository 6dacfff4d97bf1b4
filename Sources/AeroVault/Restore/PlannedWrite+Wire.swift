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

extension PlannedWrite {
    /// The batch row restoring this record into `namespace`: written by digest, with the user key when
    /// the backup stored one, one WRITE op per bin carrying the stored particle type and bytes unchanged.
    func batchWrite(namespace: String, options: RestoreOptions) -> BatchWrite {
        let userKey = key.flatMap(Self.userKey)
        let wireKey = Key(namespace: namespace, set: set, digest: digest, userKey: userKey)
        let bins = bins.map { Bin($0.name, .raw(type: ParticleType(rawValue: $0.particleType), $0.value)) }
        let policy = options.writePolicy(generation: generation, ttl: ttl, sendKey: userKey != nil)
        return BatchWrite(key: wireKey, action: .put(bins), policy: policy)
    }

    /// The wire user key for a stored key, or nil for a particle type the KEY field cannot carry.
    static func userKey(_ key: ArchiveKey) -> UserKey? {
        try? UserKey(fieldData: [key.particleType] + key.value)
    }
}
