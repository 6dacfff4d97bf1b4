import AsbFormat
import Foundation

/// Secondary indexes and UDF modules between a snapshot's `cluster-metadata` (SPEC.md §17.5) and the
/// `*` lines of a backup file (SPEC.md §18.3): an index's `sindex-list` properties `indexname`, `set`,
/// `bin`, `type`, `indextype` and `context` become one `* i` line, and back.
extension ClusterMetadata {
    /// Path value types: `sindex-list` spelling ↔ file letter.
    static let asbPathTypes: [String: Character] = ["string": "S", "numeric": "N", "geo2dsphere": "G", "blob": "B"]
    /// Index types: `sindex-list` spelling ↔ file letter (`default`, or `none` on older servers, is `N`).
    static let asbIndexTypes: [String: Character] = ["default": "N", "none": "N", "list": "L", "mapkeys": "K", "mapvalues": "V"]

    /// The metadata an import stores: `namespace`'s indexes (renamed to it) and the UDF modules. UDF
    /// hashes are not in the file and stay empty (restore does not use them).
    init(namespace: String, asbIndexes: [AsbSecondaryIndex], asbUDFs: [AsbUDF]) {
        let sindexes = asbIndexes.map { index -> [String: String] in
            let path = index.paths.first ?? AsbSecondaryIndex.Path(bin: "", type: "N")
            var properties = [
                "ns": namespace, "indexname": index.name, "bin": path.bin,
                "type": Self.asbPathTypes.first { $0.value == path.type }?.key ?? "numeric",
                "indextype": index.indexType == "N"
                    ? "default" : Self.asbIndexTypes.first { $0.value == index.indexType }?.key ?? "default",
            ]
            if !index.set.isEmpty { properties["set"] = index.set }
            if let context = index.context { properties["context"] = context }
            return properties
        }
        let udfs = asbUDFs.map { UDF(filename: $0.name, type: "LUA", hash: "", content: Data($0.content)) }
        self.init(namespace: namespace, sindexes: sindexes, udfs: udfs)
    }

    /// The `* i` lines for this metadata's indexes; an index whose name, bin or types have no file form
    /// is left out and named in `skipped`.
    func asbIndexes(namespace: String) -> (indexes: [AsbSecondaryIndex], skipped: [String]) {
        var indexes: [AsbSecondaryIndex] = []
        var skipped: [String] = []
        for p in sindexes {
            let indexType = (p["indextype"] ?? "default").lowercased()
            guard let name = p["indexname"], !name.isEmpty, let bin = p["bin"], !bin.isEmpty,
                let pathType = Self.asbPathTypes[(p["type"] ?? "").lowercased()],
                let type = Self.asbIndexTypes[indexType.isEmpty ? "default" : indexType]
            else {
                skipped.append(p["indexname"] ?? "\(p)")
                continue
            }
            let set = p["set"].flatMap { $0 == "NULL" ? nil : $0 } ?? ""
            let context = p["context"].flatMap { $0 == "NULL" || $0.isEmpty ? nil : $0 }
            indexes.append(
                AsbSecondaryIndex(
                    namespace: namespace, set: set, name: name, indexType: type,
                    paths: [AsbSecondaryIndex.Path(bin: bin, type: pathType)], context: context))
        }
        return (indexes, skipped)
    }

    /// The `* u` lines for this metadata's UDF modules.
    var asbUDFs: [AsbUDF] {
        udfs.map { AsbUDF(type: "L", name: $0.filename, content: [UInt8]($0.content)) }
    }
}
