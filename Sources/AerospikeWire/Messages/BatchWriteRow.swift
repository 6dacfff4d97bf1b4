/// One batch write row encoded once, when it is made: everything of a ``BatchRow`` but its index, in
/// one byte array, so a batch request is assembled by copying bytes (no ``Field``/``Operation``
/// objects per record, no `String` per bin). Retries and re-routing reuse the same bytes.
///
/// Layout of ``bytes`` (SPEC.md §12.4, a write row): `digest(20) | row flags 0x0e | info1 0 | info2 |
/// info3 | generation u16 BE | record_ttl u32 BE | n_fields u16 BE | n_ops u16 BE | NAMESPACE | [SET]
/// | [KEY] | [FILTER_EXP] | ops`.
///
/// info2 never carries RESPOND_ALL_OPS: the server then answers a write row with its result code,
/// generation and void time only, instead of echoing one empty op per bin (server `write.c`:
/// response bins are made for write ops only under RESPOND_ALL_OPS).
public struct BatchWriteRow: Sendable {
    /// Offset of the row flags byte in ``bytes`` (after the digest).
    static let attributesStart = Digest.size

    /// The namespace the row writes to (routing).
    public let namespace: String
    /// The encoded row without its index (see the layout above).
    public let bytes: [UInt8]
    /// The record's partition (from the digest).
    public let partitionID: Int
    /// A row with a KEY field is never sent as REPEAT (the server rejects it).
    let hasKeyField: Bool

    /// Appends the WRITE operations of a row being made by ``init(namespace:set:digest:userKey:policy:binCount:opBytes:bins:)``.
    public struct BinWriter {
        fileprivate var out: [UInt8]
        fileprivate var count = 0

        /// Appends one WRITE op: bin name (UTF-8, at most 15 bytes), particle type, particle bytes.
        /// - Throws: ``WireError/Code/invalidArgument`` for a longer name.
        public mutating func append(name: UnsafeRawBufferPointer, particleType: UInt8, value: UnsafeRawBufferPointer) throws {
            try append(type: .write, name: name, particleType: particleType, value: value)
        }

        mutating func append(
            type: OperationType, name: UnsafeRawBufferPointer, particleType: UInt8, value: UnsafeRawBufferPointer
        ) throws {
            guard name.count <= Operation.maxBinNameLength else {
                throw WireError(.invalidArgument, "bin name '\(String(decoding: name, as: UTF8.self))' exceeds 15 bytes")
            }
            Operation.append(type: type, particleType: particleType, name: name, value: value, into: &out)
            count += 1
        }
    }

    /// Encodes a put row.
    ///
    /// - Parameters:
    ///   - digest: the record's 20-byte digest.
    ///   - userKey: particle type and particle bytes of the user key, sent as the KEY field (check
    ///     ``isSendableKey(particleType:value:)`` first); nil sends none.
    ///   - policy: exists action, generation check, TTL and filter (`sendKey` is ignored: a key given
    ///     here is sent).
    ///   - binCount: the number of ops `bins` appends.
    ///   - opBytes: the bytes those ops will take (8 + name + value each), to size the row in one
    ///     allocation; 0 if unknown.
    /// - Throws: ``WireError/Code/invalidArgument`` for a digest that is not 20 bytes, a namespace
    ///   outside 1–31 bytes, a set over 63 bytes, an unsendable key, more than 65 535 bins, a bin name
    ///   over 15 bytes, or a `bins` that appends other than `binCount` ops; or what `bins` throws.
    public init(
        namespace: String, set: String?, digest: [UInt8], userKey: (particleType: UInt8, value: [UInt8])?,
        policy: WritePolicy, binCount: Int, opBytes: Int = 0, bins: (inout BinWriter) throws -> Void
    ) throws {
        let (info2, info3, generation) = policy.bits
        var out = try Self.header(
            namespace: namespace, set: set, digest: digest, userKey: userKey, filter: policy.filter, info2: info2,
            info3: info3, generation: generation, ttl: policy.ttl.wireValue, opCount: binCount, opBytes: opBytes)
        var writer = BinWriter(out: [])
        swap(&writer.out, &out)
        try bins(&writer)
        swap(&writer.out, &out)
        guard writer.count == binCount else {
            throw WireError(.invalidArgument, "batch row declared \(binCount) bins but wrote \(writer.count)")
        }
        self.init(namespace: namespace, bytes: out, hasKeyField: userKey != nil)
    }

    private init(namespace: String, bytes: [UInt8], hasKeyField: Bool) {
        self.namespace = namespace
        self.bytes = bytes
        self.partitionID = Digest.partitionID(bytes, at: 0)
        self.hasKeyField = hasKeyField
    }

    /// The row of a ``BatchWrite`` (put or delete), with the key sent when its policy says `sendKey`.
    /// - Throws: as ``init(namespace:set:digest:userKey:policy:binCount:opBytes:bins:)``.
    public init(_ write: BatchWrite) throws {
        let key = write.key
        let userKey = write.policy.sendKey ? key.userKey.map { ($0.particleType.rawValue, $0.valueBytes) } : nil
        switch write.action {
        case .put(let bins):
            try self.init(
                namespace: key.namespace, set: key.set, digest: key.digest, userKey: userKey, policy: write.policy,
                binCount: bins.count
            ) { writer in
                for bin in bins {
                    let (type, value) = bin.value.particle
                    var name = bin.name
                    try name.withUTF8 { name in
                        try value.withUnsafeBytes {
                            try writer.append(name: UnsafeRawBufferPointer(name), particleType: type.rawValue, value: $0)
                        }
                    }
                }
            }
        case .delete:
            let (info2, _, generation) = write.policy.bits
            let keep = info2 & (Info2.generation | Info2.generationGT | Info2.durableDelete)
            let out = try Self.header(
                namespace: key.namespace, set: key.set, digest: key.digest, userKey: nil, filter: write.policy.filter,
                info2: keep | Info2.write | Info2.delete, info3: 0, generation: generation, ttl: 0, opCount: 0,
                opBytes: 0)
            self.init(namespace: key.namespace, bytes: out, hasKeyField: false)
        }
    }

    /// Whether `value` with `particleType` can travel in a KEY field (integer of 8 bytes, UTF-8
    /// string, blob), as ``UserKey/init(fieldData:)`` accepts.
    public static func isSendableKey(particleType: UInt8, value: [UInt8]) -> Bool {
        switch ParticleType(rawValue: particleType) {
        case .integer: return value.count == 8
        case .string: return String(validating: value, as: UTF8.self) != nil
        case .blob: return true
        default: return false
        }
    }

    /// The record's digest (allocates).
    public var digest: [UInt8] { Array(bytes[0..<Digest.size]) }

    /// The row decoded by the general ``BatchRow`` decoder (allocates; for tests and diagnostics).
    /// - Throws: ``WireError/Code/malformed`` if the bytes are not one whole row.
    public func attributes() throws -> BatchRow.Attributes {
        var framed: [UInt8] = [0, 0, 0, 0]
        framed += bytes
        var r = ByteReader(framed)
        let row = try BatchRow.decode(&r)
        guard r.isAtEnd, let attributes = row.attributes else {
            throw WireError.malformed("batch write row is not one whole non-repeat row")
        }
        return attributes
    }

    /// Offset of record_ttl (u32 BE) in ``bytes``: digest, row flags, info1–3, generation (u16).
    static let ttlOffset = Digest.size + 6

    /// The TTL the row sends (0 = namespace default, 0xFFFFFFFF never expire, 0xFFFFFFFE keep).
    public var ttl: UInt32 {
        bytes[Self.ttlOffset..<Self.ttlOffset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The same row with another TTL (a retry sent later keeps the record's expiry moment).
    public func with(ttl: UInt32) -> BatchWriteRow {
        var copy = bytes
        for i in 0..<4 { copy[Self.ttlOffset + i] = UInt8(truncatingIfNeeded: ttl >> (24 - 8 * UInt32(i))) }
        return BatchWriteRow(namespace: namespace, bytes: copy, hasKeyField: hasKeyField)
    }

    /// Digest, flags, header and fields of a write row, with room for the ops.
    private static func header(
        namespace: String, set: String?, digest: [UInt8], userKey: (particleType: UInt8, value: [UInt8])?,
        filter: FilterExpression?, info2: UInt8, info3: UInt8, generation: UInt32, ttl: UInt32, opCount: Int,
        opBytes: Int
    ) throws -> [UInt8] {
        guard digest.count == Digest.size else {
            throw WireError(.invalidArgument, "digest of \(digest.count) bytes for \(namespace), expected 20")
        }
        guard !namespace.isEmpty, namespace.utf8.count < 32 else {
            throw WireError(.invalidArgument, "namespace '\(namespace)' must be 1–31 bytes")
        }
        if let set, set.utf8.count > 63 { throw WireError(.invalidArgument, "set name '\(set)' exceeds 63 bytes") }
        if let userKey, !isSendableKey(particleType: userKey.particleType, value: userKey.value) {
            throw WireError(.invalidArgument, "user key of particle type \(userKey.particleType) cannot be sent")
        }
        guard opCount >= 0, opCount <= Int(UInt16.max) else {
            throw WireError(.invalidArgument, "a batch row holds at most 65535 bins, not \(opCount)")
        }
        let filterData = filter?.encode()
        var out: [UInt8] = []
        out.reserveCapacity(
            Digest.size + 14 + 5 + namespace.utf8.count + (set.map { 5 + $0.utf8.count } ?? 0)
                + (userKey.map { 6 + $0.value.count } ?? 0) + (filterData.map { 5 + $0.count } ?? 0) + max(0, opBytes))
        out.append(contentsOf: digest)
        let fieldCount = 1 + (set == nil ? 0 : 1) + (userKey == nil ? 0 : 1) + (filterData == nil ? 0 : 1)
        BatchRow.appendAttributesHeader(
            info1: 0, info2: info2, info3: info3, info4: nil, generation: UInt16(truncatingIfNeeded: generation),
            ttl: ttl, fieldCount: fieldCount, operationCount: opCount, into: &out)
        Field.append(.namespace, namespace.utf8, into: &out)
        if let set { Field.append(.setName, set.utf8, into: &out) }
        if let userKey {
            Field.appendHeader(.key, dataCount: 1 + userKey.value.count, into: &out)
            out.append(userKey.particleType)
            out.append(contentsOf: userKey.value)
        }
        if let filterData { Field.append(.filterExp, filterData, into: &out) }
        return out
    }
}
