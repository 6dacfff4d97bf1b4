import AerospikeWire

/// A single-record command, from a plain AS_MSG or from one batch row (SPEC.md §13 "Commands").
struct RecordCommand {
    var info1: UInt8
    var info2: UInt8
    var info3: UInt8
    /// Expected generation (with GENERATION / GENERATION_GT).
    var generation: UInt32
    /// Requested TTL for writes (0 default, 0xFFFFFFFF never, 0xFFFFFFFE keep).
    var ttl: UInt32
    var namespace: String?
    var setName: String?
    /// DIGEST field data (should be 20 bytes).
    var digest: [UInt8]?
    /// KEY field data (particle type + value).
    var key: [UInt8]?
    /// FILTER_EXP field data.
    var filter: [UInt8]?
    var operations: [Operation]

    /// A command from a single-record AS_MSG.
    init(message m: AsMessage) {
        info1 = m.info1
        info2 = m.info2
        info3 = m.info3
        generation = m.generation
        ttl = m.recordTTL
        namespace = m.field(.namespace)?.stringValue
        let set = m.field(.setName)?.stringValue
        setName = (set?.isEmpty ?? true) ? nil : set
        digest = m.field(.digest)?.data
        key = m.field(.key)?.data
        filter = m.field(.filterExp)?.data
        operations = m.operations
    }

    /// A command from a resolved batch row; the row's own filter wins over the parent's.
    init(row a: BatchRow.Attributes, digest: [UInt8], parentFilter: [UInt8]?) {
        info1 = a.info1
        info2 = a.info2 ?? 0
        info3 = a.info3 ?? 0
        generation = UInt32(a.generation ?? 0)
        ttl = a.ttl ?? 0
        func field(_ t: FieldType) -> Field? { a.fields.first { $0.type == t } }
        namespace = field(.namespace)?.stringValue
        let set = field(.setName)?.stringValue
        setName = (set?.isEmpty ?? true) ? nil : set
        self.digest = digest
        key = field(.key)?.data
        filter = field(.filterExp)?.data ?? parentFilter
        operations = a.operations
    }

    /// Whether the command writes (or deletes).
    var isWrite: Bool { info2 & Info2.write != 0 }

    /// Whether the command reads only record metadata.
    var isHeaderOnly: Bool { info1 & Info1.noBinData != 0 }
}

/// The outcome of one record command before it is framed: result code, record metadata, bins.
struct RecordReply: Equatable {
    var resultCode: ResultCode
    var generation: UInt32 = 0
    var voidTime: UInt32 = 0
    var operations: [Operation] = []

    static func error(_ code: ResultCode) -> RecordReply { RecordReply(resultCode: code) }

    /// The reply as an AS_MSG (batch rows carry their index in transaction_ttl).
    func message(batchIndex: UInt32 = 0) -> AsMessage {
        AsMessage(
            resultCode: resultCode, generation: generation, recordTTL: voidTime, transactionTTL: batchIndex,
            operations: operations)
    }
}
