/// One problem `check` found, naming the file and, when known, the chunk (SPEC.md §14 "check").
public struct CheckProblem: Sendable, Hashable, CustomStringConvertible {
    /// What kind of structure is affected.
    public enum Kind: String, Sendable, Codable {
        case indexFile = "index"
        case pack
        case snapshot
        case chunk
        case key
    }

    public var kind: Kind
    /// The affected file as a repository path (e.g. `data/3f/3fa9…`), if one is known.
    public var file: String?
    /// The affected chunk, if one is known.
    public var chunk: ChunkID?
    public var message: String

    public init(kind: Kind, file: String?, chunk: ChunkID? = nil, message: String) {
        self.kind = kind
        self.file = file
        self.chunk = chunk
        self.message = message
    }

    public var description: String { message }
}

/// Which packs `check --read-data-subset n/t` reads: packs whose id, taken as a big-endian number
/// of its first 4 bytes, is ≡ n−1 (mod t). Subsets 1/t … t/t together cover every pack once.
public struct ReadDataSubset: Sendable, Hashable, CustomStringConvertible {
    public var n: Int
    public var t: Int

    /// - Throws: `.invalidArgument` unless 1 ≤ n ≤ t ≤ 65536.
    public init(n: Int, t: Int) throws {
        guard t >= 1, t <= 65536, n >= 1, n <= t else {
            throw ArchiveStoreError(.invalidArgument, "read-data subset \(n)/\(t) is invalid: need 1 ≤ n ≤ t ≤ 65536")
        }
        self.n = n
        self.t = t
    }

    /// Parses `n/t`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let n = Int(parts[0]), let t = Int(parts[1]) else {
            throw ArchiveStoreError(.invalidArgument, "read-data subset \"\(text)\" is not of the form n/t (e.g. 1/10)")
        }
        try self.init(n: n, t: t)
    }

    public func contains(_ pack: PackID) -> Bool {
        let prefix = pack.bytes.prefix(4).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Int(prefix % UInt64(t)) == n - 1
    }

    public var description: String { "\(n)/\(t)" }
}

/// What `check` reads beyond the structure.
public struct CheckOptions: Sendable {
    /// Read and verify pack contents: none, every pack, or a subset.
    public enum ReadData: Sendable, Hashable {
        case none, all
        case subset(ReadDataSubset)
    }

    public var readData: ReadData

    public init(readData: ReadData = .none) {
        self.readData = readData
    }
}

/// Everything `check` found. ``isClean`` is false when there is any problem.
public struct CheckReport: Sendable {
    public var problems: [CheckProblem] = []
    /// Harmless findings (e.g. packs no index names, left by an interrupted writer; `prune` removes them).
    public var hints: [String] = []
    public var indexFiles = 0
    public var packs = 0
    public var snapshots = 0
    /// Layers loaded while following snapshots.
    public var layers = 0
    /// Distinct chunks the snapshots reference.
    public var referencedChunks = 0
    /// Packs read in full (`--read-data`).
    public var packsRead = 0
    /// Chunks decrypted and hashed (`--read-data`).
    public var chunksRead = 0

    public var isClean: Bool { problems.isEmpty }
}
