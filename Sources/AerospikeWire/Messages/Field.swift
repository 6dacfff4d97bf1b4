/// One AS_MSG field (SPEC.md §12.2): `size(u32 BE) = 1 + data.count | type(1) | data`.
public struct Field: Equatable, Sendable {
    /// Field type byte.
    public var type: FieldType
    /// Field payload (without size and type).
    public var data: [UInt8]

    /// Creates a field.
    public init(type: FieldType, data: [UInt8]) {
        self.type = type
        self.data = data
    }

    /// A field carrying UTF-8 text (namespace, set, index name …).
    public static func string(_ type: FieldType, _ text: String) -> Field {
        Field(type: type, data: Array(text.utf8))
    }

    /// A field carrying a big-endian u32 (socket timeout, records per second).
    public static func uint32(_ type: FieldType, _ v: UInt32) -> Field {
        var d: [UInt8] = []
        d.appendBE(v)
        return Field(type: type, data: d)
    }

    /// A field carrying a big-endian u64 (task id, max records).
    public static func uint64(_ type: FieldType, _ v: UInt64) -> Field {
        var d: [UInt8] = []
        d.appendBE(v)
        return Field(type: type, data: d)
    }

    /// Appends the wire form.
    public func encode(into out: inout [UInt8]) { Self.append(type, data, into: &out) }

    /// Appends a field's wire form from its parts: every encoder of fields writes through here.
    static func append(_ type: FieldType, _ data: some Collection<UInt8>, into out: inout [UInt8]) {
        appendHeader(type, dataCount: data.count, into: &out)
        out.append(contentsOf: data)
    }

    /// Appends `size(u32 BE) = 1 + dataCount | type`; the caller appends the `dataCount` data bytes.
    static func appendHeader(_ type: FieldType, dataCount: Int, into out: inout [UInt8]) {
        out.appendBE(UInt32(truncatingIfNeeded: dataCount + 1))
        out.append(type.rawValue)
    }

    /// The data as UTF-8 text, if valid.
    public var stringValue: String? { String(validating: data, as: UTF8.self) }

    /// The data as a big-endian unsigned integer (1–8 bytes), if it has that size.
    public var uint64Value: UInt64? {
        guard (1...8).contains(data.count) else { return nil }
        return data.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
