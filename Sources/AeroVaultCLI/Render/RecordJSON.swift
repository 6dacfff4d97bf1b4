import AeroVault
import AerospikeWire
import ArchiveStore
import Foundation

/// One stored record as a JSON object for `dump` (SPEC.md §14 "dump"): bins by name with their values
/// decoded by particle type (§12.2), lists and maps from Aerospike msgpack (§12.13).
enum RecordJSON {
    static func object(namespace: String, partition: Int, record: ArchiveRecord) -> [String: Any] {
        var bins: [String: Any] = [:]
        for bin in record.bins { bins[bin.name] = value(particleType: bin.particleType, bytes: bin.value) }
        var out: [String: Any] = [
            "namespace": namespace, "set": record.set ?? NSNull(), "digest": Digest.hex(record.digest),
            "partition": partition, "generation": record.generation, "void_time": record.voidTime, "bins": bins,
            "key": record.key.map { key(particleType: $0.particleType, bytes: $0.value) } ?? NSNull(),
        ]
        if record.voidTime != 0 {
            let seconds = Double(CitrusleafEpoch.unixSeconds) + Double(record.voidTime)
            out["expires"] = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: seconds))
        }
        return out
    }

    /// One line of JSON with sorted keys.
    static func line(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
    }

    static func key(particleType: UInt8, bytes: [UInt8]) -> [String: Any] {
        let type = ParticleType(rawValue: particleType)
        let decoded = (try? Value(particleType: type, bytes: bytes)).map(json) ?? tagged("raw", bytes)
        return ["type": RecordPreview.typeName(particleType), "value": decoded]
    }

    static func value(particleType: UInt8, bytes: [UInt8]) -> Any {
        let type = ParticleType(rawValue: particleType)
        guard let value = try? Value(particleType: type, bytes: bytes) else {
            return ["particle_type": Int(particleType), "base64": Data(bytes).base64EncodedString()]
        }
        return json(value)
    }

    static func json(_ value: Value) -> Any {
        switch value {
        case .nil: return NSNull()
        case .integer(let v): return v
        case .double(let d): return number(d)
        case .string(let s): return s
        case .bool(let b): return b
        case .blob(let b): return tagged("blob", b)
        case .hll(let b): return tagged("hll", b)
        case .geoJSON(let s): return ["geojson": s]
        case .list(let m), .map(let m): return msgpack(m)
        case .raw(let type, let b): return ["particle_type": Int(type.rawValue), "base64": Data(b).base64EncodedString()]
        }
    }

    /// A list or map; undecodable msgpack is shown as its bytes rather than failing the dump.
    static func msgpack(_ bytes: [UInt8]) -> Any {
        var reader = MsgPack.Reader(bytes)
        guard let element = try? reader.readElement(), reader.isAtEnd else { return tagged("msgpack", bytes) }
        return json(element)
    }

    static func json(_ element: MsgPack.Element) -> Any {
        switch element {
        case .nil: return NSNull()
        case .bool(let b): return b
        case .int(let v): return v
        case .uint(let v): return v
        case .double(let d): return number(d)
        case .string(let s): return s
        case .blob(let b): return tagged("blob", b)
        case .rawString(let b): return tagged("raw", b)
        case .array(let items): return items.map(json)
        case .ext(let type, let data): return ["ext": Int(type), "base64": Data(data).base64EncodedString()]
        case .map(let entries):
            // A JSON object when every key is a string; otherwise the pairs in stored order.
            var object: [String: Any] = [:]
            for entry in entries {
                guard case .string(let name) = entry.key, object[name] == nil else {
                    return ["map": entries.map { [json($0.key), json($0.value)] }]
                }
                object[name] = json(entry.value)
            }
            return object
        }
    }

    private static func tagged(_ tag: String, _ bytes: [UInt8]) -> [String: Any] {
        [tag: Data(bytes).base64EncodedString()]
    }

    /// JSON has no NaN or infinity: those are written as strings.
    private static func number(_ d: Double) -> Any { d.isFinite ? d : String(describing: d) }
}
