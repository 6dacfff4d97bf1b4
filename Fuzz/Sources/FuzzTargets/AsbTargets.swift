import ArchiveStore
import AsbFormat

/// asbackup backup files (SPEC.md §18), which `aerovault import` reads from wherever they came from.
enum AsbTargets {
    static let all: [FuzzTarget] = [asb]

    /// The whole reader over one file in memory: the header, then entries until the end or the first
    /// error. What it accepts must survive the writer: written again and read back, the same entries.
    static let asb = FuzzTarget("asb", seeds: { [sampleFile] }) { bytes in
        let reader = AsbReader(bytes: bytes, file: "fuzz")
        guard (try? reader.readHeader()) != nil else { return }
        var entries: [AsbEntry] = []
        while let entry = try? reader.next() { entries.append(entry) }
        guard let written = try? write(entries) else {
            preconditionFailure("the writer refused an entry the reader accepted")
        }
        let again = AsbReader(bytes: written, file: "rewritten")
        _ = try? again.readHeader()
        var reread: [AsbEntry] = []
        while let entry = try? again.next() { reread.append(entry) }
        precondition(reread == entries, "an entry changed through the writer and the reader")
    }

    static func write(_ entries: [AsbEntry]) throws -> [UInt8] {
        var bytes = AsbEncoder.header(namespace: "test", isFirstFile: true)
        for entry in entries {
            switch entry {
            case .index(let index): AsbEncoder.append(index, to: &bytes)
            case .udf(let udf): AsbEncoder.append(udf, to: &bytes)
            case .record(let namespace, let record): try AsbEncoder.append(record, namespace: namespace, to: &bytes)
            }
        }
        return bytes
    }

    /// An index, a UDF and the record targets' sample records (SPEC.md §5.1 example included).
    static var sampleFile: [UInt8] {
        let index = AsbSecondaryIndex(
            namespace: "test", set: "demo", name: "age idx", indexType: "N", paths: [.init(bin: "age", type: "N")],
            context: nil)
        let udf = AsbUDF(name: "sum.lua", content: Array("function sum(a, b)\n  return a + b\nend\n".utf8))
        let records = RecordTargets.sampleRecords.filter { !$0.isTombstone }
        return (try? write([.index(index), .udf(udf)] + records.map { .record(namespace: "test", $0) })) ?? []
    }
}
