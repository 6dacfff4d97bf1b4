/// One AS_MSG field: `size(u32 BE) = 1 + data.count | type(1) | data`.
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
    public func encode(into out: inout [UInt8]) {
        out.appendBE(UInt32(data.count + 1))
        out.append(type.rawValue)
        out.append(contentsOf: data)
    }

    static func decode(_ r: inout ByteReader) throws -> Field {
        let size = Int(try r.u32("field size"))
        guard size >= 1 else { throw WireError.malformed("field size 0") }
        let type = FieldType(rawValue: try r.u8("field type"))
        return Field(type: type, data: try r.take(size - 1, "field \(type) data"))
    }

    /// The data as UTF-8 text, if valid.
    public var stringValue: String? { String(validating: data, as: UTF8.self) }

    /// The data as a big-endian unsigned integer (1–8 bytes), if it has that size.
    public var uint64Value: UInt64? {
        guard (1...8).contains(data.count) else { return nil }
        return data.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
