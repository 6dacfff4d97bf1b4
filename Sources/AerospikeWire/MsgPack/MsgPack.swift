/// Aerospike-flavoured MessagePack (SPEC.md §12.13): strings and blobs use msgpack `str` headers whose payload
/// starts with a particle-type byte (3 string, 4 blob, 23 GeoJSON). Used for expressions, lists and maps.
public enum MsgPack {
    /// A decoded msgpack element.
    public indirect enum Element: Equatable, Sendable {
        case `nil`
        case bool(Bool)
        case int(Int64)
        case uint(UInt64)
        case double(Double)
        /// A `str` whose payload starts with particle byte 3.
        case string(String)
        /// A `str` with particle byte 4, or a msgpack `bin`.
        case blob([UInt8])
        /// A `str` payload with any other (or no) particle prefix, kept verbatim.
        case rawString([UInt8])
        case array([Element])
        case map([MapEntry])
        case ext(type: Int8, data: [UInt8])
    }

    /// One key/value pair of a decoded map (kept in wire order).
    public struct MapEntry: Equatable, Sendable {
        public var key: Element
        public var value: Element
        public init(key: Element, value: Element) {
            self.key = key
            self.value = value
        }
    }

    /// Appends msgpack elements to a byte array.
    public struct Writer: Sendable {
        public private(set) var bytes: [UInt8] = []

        public init() {}

        public mutating func writeNil() { bytes.append(0xc0) }
        public mutating func write(_ b: Bool) { bytes.append(b ? 0xc3 : 0xc2) }

        /// Integers in the smallest form the Go client uses (positive > u32 range as `d3` int64).
        public mutating func write(_ v: Int64) {
            if v >= 0 {
                if v < 128 {
                    bytes.append(UInt8(v))
                } else if v <= 0xFF {
                    bytes += [0xcc, UInt8(v)]
                } else if v <= 0xFFFF {
                    bytes.append(0xcd)
                    bytes.appendBE(UInt16(v))
                } else if v <= 0xFFFF_FFFF {
                    bytes.append(0xce)
                    bytes.appendBE(UInt32(v))
                } else {
                    bytes.append(0xd3)
                    bytes.appendBE(UInt64(bitPattern: v))
                }
            } else if v >= -32 {
                bytes.append(UInt8(bitPattern: Int8(v)))
            } else if v >= Int64(Int8.min) {
                bytes += [0xd0, UInt8(bitPattern: Int8(v))]
            } else if v >= Int64(Int16.min) {
                bytes.append(0xd1)
                bytes.appendBE(UInt16(bitPattern: Int16(v)))
            } else if v >= Int64(Int32.min) {
                bytes.append(0xd2)
                bytes.appendBE(UInt32(bitPattern: Int32(v)))
            } else {
                bytes.append(0xd3)
                bytes.appendBE(UInt64(bitPattern: v))
            }
        }

        public mutating func write(_ v: UInt64) {
            if v <= UInt64(Int64.max) { write(Int64(v)) } else {
                bytes.append(0xcf)
                bytes.appendBE(v)
            }
        }

        public mutating func write(_ d: Double) {
            bytes.append(0xcb)
            bytes.appendBE(d.bitPattern)
        }

        /// A string with the particle prefix byte 3.
        public mutating func write(_ s: String) { writeStr(prefix: ParticleType.string.rawValue, Array(s.utf8)) }

        /// A blob with the particle prefix byte 4 (inside a `str` header, as Aerospike does).
        public mutating func writeBlob(_ b: [UInt8]) { writeStr(prefix: ParticleType.blob.rawValue, b) }

        /// A `str` without any particle prefix (bin names inside expressions).
        /// Appends bytes that already are one encoded msgpack value.
        public mutating func writeRaw(_ encoded: [UInt8]) { bytes += encoded }

        public mutating func writeRawString(_ payload: [UInt8]) { writeStrHeader(payload.count); bytes += payload }

        private mutating func writeStr(prefix: UInt8, _ payload: [UInt8]) {
            writeStrHeader(payload.count + 1)
            bytes.append(prefix)
            bytes += payload
        }

        private mutating func writeStrHeader(_ n: Int) {
            if n < 32 {
                bytes.append(0xa0 | UInt8(n))
            } else if n < 256 {
                bytes += [0xd9, UInt8(n)]
            } else if n < 65536 {
                bytes.append(0xda)
                bytes.appendBE(UInt16(n))
            } else {
                bytes.append(0xdb)
                bytes.appendBE(UInt32(truncatingIfNeeded: n))
            }
        }

        public mutating func writeArrayHeader(_ n: Int) {
            if n < 16 {
                bytes.append(0x90 | UInt8(n))
            } else if n < 65536 {
                bytes.append(0xdc)
                bytes.appendBE(UInt16(n))
            } else {
                bytes.append(0xdd)
                bytes.appendBE(UInt32(truncatingIfNeeded: n))
            }
        }

        public mutating func writeMapHeader(_ n: Int) {
            if n < 16 {
                bytes.append(0x80 | UInt8(n))
            } else if n < 65536 {
                bytes.append(0xde)
                bytes.appendBE(UInt16(n))
            } else {
                bytes.append(0xdf)
                bytes.appendBE(UInt32(truncatingIfNeeded: n))
            }
        }

        /// Writes a decoded element back (round-trips ``Reader/readElement()`` output).
        public mutating func write(_ e: Element) {
            switch e {
            case .nil: writeNil()
            case .bool(let b): write(b)
            case .int(let v): write(v)
            case .uint(let v): write(v)
            case .double(let d): write(d)
            case .string(let s): write(s)
            case .blob(let b): writeBlob(b)
            case .rawString(let p): writeRawString(p)
            case .array(let items):
                writeArrayHeader(items.count)
                for i in items { write(i) }
            case .map(let entries):
                writeMapHeader(entries.count)
                for en in entries {
                    write(en.key)
                    write(en.value)
                }
            case .ext(let t, let d): writeExt(type: t, d)
            }
        }

        /// An ext element (ext8 for the general case; `c7 00 <flags>` is the ordered map/list marker).
        public mutating func writeExt(type: Int8, _ data: [UInt8]) {
            if data.count < 256 {
                bytes += [0xc7, UInt8(data.count)]
            } else if data.count < 65536 {
                bytes.append(0xc8)
                bytes.appendBE(UInt16(data.count))
            } else {
                bytes.append(0xc9)
                bytes.appendBE(UInt32(truncatingIfNeeded: data.count))
            }
            bytes.append(UInt8(bitPattern: type))
            bytes += data
        }
    }
}
