/// One backup or restore the service runs (SPEC.md §19 "State file"); also the body of
/// `GET /v1/jobs/{id}`.
public struct Job: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable { case backup, restore }
    public enum State: String, Codable, Sendable, CaseIterable { case queued, running, succeeded, failed }

    /// What a restore job restores, from `POST /v1/restores`.
    public struct RestoreRequest: Codable, Sendable, Equatable {
        public var repository: String
        public var snapshot: String
        public var cluster: String
        /// The snapshot's namespace.
        public var namespace: String
        /// Write into this namespace instead of the snapshot's.
        public var targetNamespace: String?
        public var options: RestoreOptions?
    }

    /// The restore flags the API offers (SPEC.md §14 "restore").
    public struct RestoreOptions: Codable, Sendable, Equatable {
        public var replace: Bool?
        public var unique: Bool?
        public var noGeneration: Bool?
    }

    /// Live progress, from the child's last `status` line.
    public struct Progress: Codable, Sendable, Equatable {
        public var done: Int
        public var total: Int
        public var records: Int
        public var bytes: Int
    }

    public var id: String
    public var kind: Kind
    public var policy: String?
    public var repository: String
    public var state: State
    public var createdAt: Int64
    public var startedAt: Int64?
    public var finishedAt: Int64?
    /// Set when a backup job is a full backup (`full-every`).
    public var full: Bool?
    public var restore: RestoreRequest?
    public var snapshot: String?
    public var error: String?
    public var progress: Progress?
    public var records: Int?
    public var bytesAdded: Int?
    public var durationSeconds: Double?
    /// Times a job was interrupted by a shutdown and queued again.
    public var resumed: Int?
}
