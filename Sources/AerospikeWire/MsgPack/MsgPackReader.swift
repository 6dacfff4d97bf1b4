extension MsgPack {
    /// A bounded msgpack reader: every read checks lengths and nesting depth and throws
    /// ``WireError/Code/malformed`` on bad input.
    public struct Reader {
        /// Deepest nesting accepted by ``readElement()``.
        public static let maxDepth = 64

        var r: ByteReader

        public init(_ bytes: [UInt8]) { r = ByteReader(bytes) }

        /// True when every byte has been consumed.
        public var isAtEnd: Bool { r.isAtEnd }

        /// The next type byte without consuming it.
        public func peekByte() throws -> UInt8 {
            guard !r.isAtEnd else { throw WireError.malformed("msgpack: unexpected end") }
            return r.bytes[r.offset]
        }

        /// Reads an array header, returning the element count.
        public mutating func readArrayHeader() throws -> Int {
            let b = try r.u8("msgpack array")
            switch b {
            case 0x90...0x9f: return Int(b & 0x0f)
            case 0xdc: return Int(try r.u16())
            case 0xdd: return try count(Int(try r.u32()))
            default: throw WireError.malformed("msgpack: expected array, found 0x\(String(b, radix: 16))")
            }
        }

        /// Reads a `str` (or `bin`) payload verbatim, particle prefix included.
        public mutating func readRawString() throws -> [UInt8] {
            let b = try r.u8("msgpack str")
            let n: Int
            switch b {
            case 0xa0...0xbf: n = Int(b & 0x1f)
            case 0xd9, 0xc4: n = Int(try r.u8())
            case 0xda, 0xc5: n = Int(try r.u16())
            case 0xdb, 0xc6: n = Int(try r.u32())
            default: throw WireError.malformed("msgpack: expected str, found 0x\(String(b, radix: 16))")
            }
            return try r.take(n, "msgpack str")
        }

        private func count(_ n: Int) throws -> Int {
            guard n <= r.remaining else { throw WireError.malformed("msgpack: count \(n) exceeds input") }
            return n
        }

        /// Reads one complete element (recursively).
        public mutating func readElement() throws -> Element { try readElement(depth: 0) }

        private mutating func readElement(depth: Int) throws -> Element {
            guard depth < Self.maxDepth else { throw WireError.malformed("msgpack: nesting deeper than 64") }
            let b = try peekByte()
            switch b {
            case 0x00...0x7f:
                r.offset += 1
                return .int(Int64(b))
            case 0xe0...0xff:
                r.offset += 1
                return .int(Int64(Int8(bitPattern: b)))
            case 0x80...0x8f, 0xde, 0xdf:
                r.offset += 1
                let n = b <= 0x8f ? Int(b & 0x0f) : (b == 0xde ? Int(try r.u16()) : try count(Int(try r.u32())))
                var entries: [MapEntry] = []
                for _ in 0..<n {
                    let k = try readElement(depth: depth + 1)
                    let v = try readElement(depth: depth + 1)
                    entries.append(MapEntry(key: k, value: v))
                }
                return .map(entries)
            case 0x90...0x9f, 0xdc, 0xdd:
                let n = try readArrayHeader()
                var items: [Element] = []
                for _ in 0..<n { items.append(try readElement(depth: depth + 1)) }
                return .array(items)
            case 0xa0...0xbf, 0xd9, 0xda, 0xdb:
                let payload = try readRawString()
                return Self.classify(payload)
            case 0xc4, 0xc5, 0xc6:
                return .blob(try readRawString())
            case 0xc0:
                r.offset += 1
                return .nil
            case 0xc2, 0xc3:
                r.offset += 1
                return .bool(b == 0xc3)
            case 0xcc: r.offset += 1; return .int(Int64(try r.u8()))
            case 0xcd: r.offset += 1; return .int(Int64(try r.u16()))
            case 0xce: r.offset += 1; return .int(Int64(try r.u32()))
            case 0xcf: r.offset += 1; return .uint(try r.u64())
            case 0xd0: r.offset += 1; return .int(Int64(Int8(bitPattern: try r.u8())))
            case 0xd1: r.offset += 1; return .int(Int64(Int16(bitPattern: try r.u16())))
            case 0xd2: r.offset += 1; return .int(Int64(Int32(bitPattern: try r.u32())))
            case 0xd3: r.offset += 1; return .int(Int64(bitPattern: try r.u64()))
            case 0xca:
                r.offset += 1
                return .double(Double(Float(bitPattern: try r.u32())))
            case 0xcb:
                r.offset += 1
                return .double(Double(bitPattern: try r.u64()))
            case 0xd4, 0xd5, 0xd6, 0xd7, 0xd8:
                r.offset += 1
                let n = 1 << Int(b - 0xd4)
                let t = Int8(bitPattern: try r.u8())
                return .ext(type: t, data: try r.take(n, "msgpack fixext"))
            case 0xc7, 0xc8, 0xc9:
                r.offset += 1
                let n = b == 0xc7 ? Int(try r.u8()) : (b == 0xc8 ? Int(try r.u16()) : Int(try r.u32()))
                let t = Int8(bitPattern: try r.u8())
                return .ext(type: t, data: try r.take(n, "msgpack ext"))
            default:
                throw WireError.malformed("msgpack: reserved type byte 0xc1")
            }
        }

        static func classify(_ payload: [UInt8]) -> Element {
            guard let prefix = payload.first else { return .rawString(payload) }
            let rest = Array(payload.dropFirst())
            switch prefix {
            case ParticleType.string.rawValue:
                if let s = String(validating: rest, as: UTF8.self) { return .string(s) }
                return .rawString(payload)
            case ParticleType.blob.rawValue: return .blob(rest)
            default: return .rawString(payload)
            }
        }
    }
}
