/// Faults a node injects into its replies (SPEC.md §13 "Fault injection").
///
/// Set from tests with ``SimCluster/setFault(_:node:)`` or over the wire with the
/// `sim-fault:` info command. All fields combine; the default value injects nothing.
public struct SimFaults: Sendable, Equatable {
    /// Result code returned instead of executing a data command (18 DEVICE_OVERLOAD, 14 KEY_BUSY,
    /// 11 PARTITION_UNAVAILABLE, …). Used with ``errorRate``.
    public var errorCode: UInt8
    /// Fraction (0…1) of data commands (single-record, batch, scan) answered with ``errorCode``.
    /// For scans the fault is applied per partition: the partition gets a done-marker with the code.
    public var errorRate: Double
    /// Delay, in milliseconds, before every reply (info included).
    public var replyDelayMs: Int
    /// If set, a scan/query connection is closed after this many records were sent on it.
    public var dropScanAfterRecords: Int?

    /// Creates a fault plan; with no arguments it injects nothing.
    public init(errorCode: UInt8 = 18, errorRate: Double = 0, replyDelayMs: Int = 0, dropScanAfterRecords: Int? = nil) {
        self.errorCode = errorCode
        self.errorRate = errorRate
        self.replyDelayMs = replyDelayMs
        self.dropScanAfterRecords = dropScanAfterRecords
    }

    /// No faults.
    public static let none = SimFaults()

    /// Whether anything is injected.
    public var isActive: Bool { errorRate > 0 || replyDelayMs > 0 || dropScanAfterRecords != nil }

    /// Parses `error=18;rate=0.3;delay-ms=20;drop-scan-after=100` (the `sim-fault:` syntax without
    /// `node=`), e.g. the simulator's `--fault` option.
    public static func parse(_ text: String) -> Result<SimFaults, SimError> {
        var args: [String: String] = [:]
        for pair in text.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { return .failure(SimError(.invalidConfig, "expected key=value, got \"\(pair)\"")) }
            args[String(parts[0])] = String(parts[1])
        }
        if args["node"] != nil { return .failure(SimError(.invalidConfig, "node= is not allowed here")) }
        return parse(args)
    }

    /// Parses the argument of `sim-fault:` (`node=1;error=18;rate=0.5;delay-ms=20;drop-scan-after=100`
    /// or `clear`). Unknown keys or bad numbers return a message instead.
    static func parse(_ args: [String: String]) -> Result<SimFaults, SimError> {
        var f = SimFaults()
        for (key, value) in args {
            switch key {
            case "node", "clear": continue
            case "error", "code":
                guard let v = UInt8(value) else { return .failure(SimError(.invalidConfig, "bad error code \(value)")) }
                f.errorCode = v
                if f.errorRate == 0 { f.errorRate = 1 }
            case "rate":
                guard let v = Double(value), (0...1).contains(v) else {
                    return .failure(SimError(.invalidConfig, "rate must be 0…1, got \(value)"))
                }
                f.errorRate = v
            case "delay-ms", "delay":
                guard let v = Int(value), (0...60_000).contains(v) else {
                    return .failure(SimError(.invalidConfig, "delay-ms must be 0…60000, got \(value)"))
                }
                f.replyDelayMs = v
            case "drop-scan-after":
                guard let v = Int(value), v >= 0 else {
                    return .failure(SimError(.invalidConfig, "drop-scan-after must be ≥ 0, got \(value)"))
                }
                f.dropScanAfterRecords = v
            default:
                return .failure(SimError(.invalidConfig, "unknown sim-fault key \"\(key)\""))
            }
        }
        return .success(f)
    }
}

/// Deterministic per-node dice for error-rate faults (a splitmix64 stream).
struct FaultDice: Sendable {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    /// Returns true with probability `rate`.
    mutating func roll(_ rate: Double) -> Bool {
        guard rate > 0 else { return false }
        guard rate < 1 else { return true }
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53) < rate
    }
}
