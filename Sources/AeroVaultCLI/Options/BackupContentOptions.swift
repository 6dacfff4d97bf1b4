import AeroVault
import ArgumentParser

/// asbackup's backup flags with its names and short names (SPEC.md §14 "backup", "asbackup's
/// flags"): what a backup stores, how fast it reads and how it retries. Only turned into
/// ``BackupConfiguration`` fields here; the engine does the rest.
struct BackupContentOptions: ParsableArguments {
    @Flag(name: [.customLong("no-records"), .customShort("R")], help: "Store the secondary indexes and UDFs only, no records.")
    var noRecords = false

    @Flag(name: [.customLong("no-indexes"), .customShort("I")], help: "Store no secondary index definitions.")
    var noIndexes = false

    @Flag(name: [.customLong("no-udfs"), .customShort("u")], help: "Store no UDF modules.")
    var noUdfs = false

    @Flag(name: [.customLong("no-bins"), .customShort("x")], help: "Store keys and record metadata only, no bins.")
    var noBins = false

    @Option(
        name: [.customLong("max-records"), .customShort("M")],
        help: ArgumentHelp(
            "Store at most N records; the snapshot is marked limited (never a parent, never 'latest').", valueName: "N"))
    var maxRecords: Int?

    @Option(
        name: [.customLong("filter-exp"), .customShort("f")],
        help: ArgumentHelp("Only records this filter expression (base64 of its wire form, as asbackup) accepts.", valueName: "b64"))
    var filterExp: String?

    @Option(
        name: [.customLong("node-list"), .customShort("l")],
        help: ArgumentHelp("Only the partitions these nodes master (their service addresses).", valueName: "host:port[,…]"))
    var nodeList: String?

    @Option(help: ArgumentHelp("Read each partition from a replica on one of these racks where one holds it.", valueName: "id[,…]"))
    var preferRacks: String?

    /// The `--prefer-racks` ids; empty without the flag.
    func racks() throws -> [Int] {
        guard let preferRacks else { return [] }
        let ids = preferRacks.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !ids.isEmpty, ids.allSatisfy({ ($0 ?? -1) >= 0 }) else {
            throw ValidationError("--prefer-racks \(preferRacks) is not a list of rack ids (e.g. 1,2)")
        }
        return ids.compactMap { $0 }
    }

    @Option(
        name: [.customLong("nice"), .customShort("N")],
        help: ArgumentHelp("Cap on data read from the cluster, in MiB/s.", valueName: "MiB/s"))
    var nice: Int?

    @Option(help: ArgumentHelp("Retries of a failed partition-group scan (default 2).", valueName: "N"))
    var maxRetries: Int?

    @Option(
        name: [.customLong("sleep-between-retries"), .customLong("retry-delay")],
        help: ArgumentHelp("Wait before each scan retry, in ms (default: 200 ms × the attempt).", valueName: "ms"))
    var sleepBetweenRetries: Int?

    @Option(help: ArgumentHelp("Limit on one scan request, in ms; it is retried after (default: none).", valueName: "ms"))
    var totalTimeout: Int?

    /// The `--node-list` addresses; empty without the flag.
    var nodes: [String] { nodeList.map { $0.split(separator: ",").map(String.init) } ?? [] }

    mutating func validate() throws {
        if let nice, nice < 1 { throw ValidationError("--nice must be at least 1 (MiB/s)") }
        if let sleepBetweenRetries, sleepBetweenRetries < 0 { throw ValidationError("--sleep-between-retries must not be negative") }
        if let totalTimeout, totalTimeout < 1 { throw ValidationError("--total-timeout must be at least 1 ms") }
        if nodeList != nil, nodes.isEmpty { throw ValidationError("--node-list names no node") }
        if nodeList != nil, preferRacks != nil {
            throw ValidationError("--node-list picks partitions by their master: give it or --prefer-racks, not both")
        }
        _ = try racks()
    }

    /// Sets the configuration's content, limit and retry fields from the flags.
    func apply(to config: inout BackupConfiguration) throws {
        config.noRecords = noRecords
        config.noIndexes = noIndexes
        config.noUDFs = noUdfs
        config.noBins = noBins
        config.maxRecords = maxRecords
        config.filterExpression = try filterExp.map(BackupConfiguration.filterExpression(base64:))
        config.readBytesPerSecond = nice.map { $0 * 1024 * 1024 }
        if let maxRetries { config.scanRetries = maxRetries }
        config.retryDelay = sleepBetweenRetries.map { .milliseconds($0) }
        config.totalTimeout = totalTimeout.map { .milliseconds($0) }
    }
}
