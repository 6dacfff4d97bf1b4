import Foundation

/// What `aerovault serve` keeps across restarts in `<state-dir>/state.json` (SPEC.md §19,
/// "State file"): the jobs (an interrupted one is queued again at start), what each policy last did,
/// and the repository size history the status page charts.
public struct ServiceState: Codable, Sendable, Equatable {
    public static let currentVersion = 1
    /// Jobs kept (the newest); queued and running ones are never dropped.
    static let jobsKept = 200
    /// Size samples kept per repository.
    static let samplesKept = 500

    public var version = ServiceState.currentVersion
    public var jobs: [Job] = []
    public var policies: [String: PolicyRecord] = [:]
    public var repositories: [String: [RepositorySample]] = [:]

    public init() {}

    /// Per policy: the scheduler's mark and the last outcomes.
    public struct PolicyRecord: Codable, Sendable, Equatable {
        public var handledThrough: Int64?
        public var lastRun: Int64?
        public var lastSuccess: Int64?
        public var lastFull: Int64?
        public var lastDurationSeconds: Double?
        public var failures: Int = 0
    }

    /// One point of a repository's chart: after a job, its stored size and snapshot count.
    public struct RepositorySample: Codable, Sendable, Equatable {
        public var time: Int64
        public var bytes: Int
        public var snapshots: Int
    }

    mutating func record(_ sample: RepositorySample, repository: String) {
        repositories[repository, default: []].append(sample)
        repositories[repository] = Array(repositories[repository]!.suffix(Self.samplesKept))
    }

    /// Drops the oldest finished jobs past ``jobsKept``.
    mutating func trimJobs() {
        let finished = jobs.filter { $0.state == .succeeded || $0.state == .failed }
        guard finished.count > Self.jobsKept else { return }
        let dropped = Set(finished.prefix(finished.count - Self.jobsKept).map(\.id))
        jobs.removeAll { dropped.contains($0.id) }
    }
}

/// Reads and writes the state file, crash-safely (``AtomicFile``).
public struct StateStore: Sendable {
    public let path: String

    public init(directory: String) { path = directory + "/state.json" }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    /// The saved state; a fresh one when there is no file. A file of another version is refused.
    public func load() throws -> ServiceState {
        guard let data = FileManager.default.contents(atPath: path) else { return ServiceState() }
        let state = try Self.decoder.decode(ServiceState.self, from: data)
        guard state.version == ServiceState.currentVersion else {
            throw StateError(description: "\(path): state version \(state.version) is not \(ServiceState.currentVersion)")
        }
        return state
    }

    public func save(_ state: ServiceState) throws {
        try AtomicFile.write(try Self.encoder.encode(state), to: path)
    }
}

public struct StateError: Error, CustomStringConvertible {
    public var description: String
}
