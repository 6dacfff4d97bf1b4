/// The typed `aerovault serve` configuration (SPEC.md §19 "Configuration"): what the YAML file
/// says once ``ConfigParser`` has checked it. Names are unique per section; every policy names an
/// existing cluster and repository.
public struct ServiceConfig: Sendable, Equatable {
    public var repositories: [String: Repository]
    public var clusters: [String: Cluster]
    public var policies: [String: Policy]

    /// A repository: a directory or an `s3:` location, and the file holding its password.
    public struct Repository: Sendable, Equatable {
        public var name: String
        public var url: String
        public var passwordFile: String
    }

    /// A cluster as the CLI's connection flags describe it (SPEC.md §14 "Cluster connection flags").
    public struct Cluster: Sendable, Equatable {
        public var name: String
        public var hosts: [String]
        public var user: String?
        /// The environment variable (of the service) holding the cluster password.
        public var passwordEnv: String?
        public var tls: TLS?
    }

    /// `--tls-enable` and its files.
    public struct TLS: Sendable, Equatable {
        public var cafile: String
        public var name: String?
        public var certfile: String?
        public var keyfile: String?
    }

    /// `forget --keep-*` rules; nil rules are not passed.
    public struct Keep: Sendable, Equatable {
        public var last: Int?
        public var hourly: Int?
        public var daily: Int?
        public var weekly: Int?
        public var monthly: Int?
        public var yearly: Int?

        /// The `forget` flags these rules give, in a fixed order.
        public var forgetArguments: [String] {
            let rules: [(String, Int?)] = [
                ("last", last), ("hourly", hourly), ("daily", daily), ("weekly", weekly), ("monthly", monthly),
                ("yearly", yearly),
            ]
            return rules.flatMap { rule in rule.1.map { ["--keep-\(rule.0)", String($0)] } ?? [] }
        }

        public var isEmpty: Bool { forgetArguments.isEmpty }
    }

    /// A scheduled backup of one namespace into one repository.
    public struct Policy: Sendable, Equatable {
        public var name: String
        public var cluster: String
        public var namespace: String
        public var repository: String
        public var sets: [String]
        public var schedule: CronSchedule
        /// A full backup runs when the last full one is older than this many seconds.
        public var fullEvery: Int64?
        public var keep: Keep?
    }
}
