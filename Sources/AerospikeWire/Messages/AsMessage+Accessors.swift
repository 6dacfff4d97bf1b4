/// Convenience accessors over the fields of an ``AsMessage`` (field types: SPEC.md §12.2).
extension AsMessage {
    /// The first field of `type`, if present.
    public func field(_ type: FieldType) -> Field? { fields.first { $0.type == type } }

    /// The NAMESPACE field as text.
    public var namespace: String? { field(.namespace)?.stringValue }

    /// The SET field as text.
    public var setName: String? { field(.setName)?.stringValue }

    /// The 20-byte DIGEST field.
    public var digest: [UInt8]? {
        guard let d = field(.digest)?.data, d.count == Digest.size else { return nil }
        return d
    }

    /// The user KEY field decoded, if present and well formed.
    public var userKey: UserKey? {
        guard let data = field(.key)?.data else { return nil }
        return try? UserKey(fieldData: data)
    }

    /// True if this message is the last of a stream (INFO3_LAST).
    public var isLast: Bool { info3 & Info3.last != 0 }

    /// True if this message is a scan partition-done marker.
    public var isPartitionDone: Bool { info3 & Info3.partitionDone != 0 && !isLast }

    /// The partition id carried by a partition-done marker (in the generation field).
    public var partitionID: Int? { isPartitionDone ? Int(generation & 0xFFFF) : nil }

    /// PID_ARRAY entries (u16 LE each).
    public func pidArray() throws -> [Int] {
        guard let f = field(.pidArray) else { return [] }
        guard f.data.count % 2 == 0 else { throw WireError.malformed("PID_ARRAY length \(f.data.count) is odd") }
        var r = ByteReader(f.data)
        var out: [Int] = []
        while !r.isAtEnd { out.append(Int(try r.u16LE())) }
        return out
    }

    /// DIGEST_ARRAY entries (20 bytes each).
    public func digestArray() throws -> [[UInt8]] {
        guard let f = field(.digestArray) else { return [] }
        guard f.data.count % Digest.size == 0 else {
            throw WireError.malformed("DIGEST_ARRAY length \(f.data.count) is not a multiple of 20")
        }
        return stride(from: 0, to: f.data.count, by: Digest.size).map { Array(f.data[$0..<$0 + Digest.size]) }
    }

    /// Builds a PID_ARRAY field (u16 LE each).
    public static func pidArrayField(_ pids: [Int]) -> Field {
        var d: [UInt8] = []
        d.reserveCapacity(pids.count * 2)
        for p in pids { d.appendLE(UInt16(truncatingIfNeeded: p)) }
        return Field(type: .pidArray, data: d)
    }

    /// Builds a DIGEST_ARRAY field.
    public static func digestArrayField(_ digests: [[UInt8]]) -> Field {
        Field(type: .digestArray, data: digests.flatMap { $0 })
    }
}
