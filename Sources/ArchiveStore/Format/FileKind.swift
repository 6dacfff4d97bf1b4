/// The kinds of files a repository stores, each under a fixed prefix declared only here.
///
/// Layout: see SPEC.md §6 "Repository layout". Pack files are additionally fanned out into
/// `data/<first two hex characters of the name>/`; every other kind is flat. Backends map a
/// `(FileKind, name)` pair to their own key space; callers never build paths.
public enum FileKind: String, CaseIterable, Sendable {
    /// The single `config` file (its name is always ``FileKind/configName``).
    case config = "config"
    /// Key files: the master key wrapped with a password (`keys/<id>`).
    case key = "keys"
    /// Pack files (`data/<2 hex>/<id>`).
    case pack = "data"
    /// Index files (`index/<id>`).
    case index = "index"
    /// Snapshot manifests (`snapshots/<id>`).
    case snapshot = "snapshots"
    /// Lock files (`locks/<id>`).
    case lock = "locks"
    /// Backup checkpoints (`checkpoints/<keyed fingerprint>`), removed once the snapshot is saved.
    case checkpoint = "checkpoints"
    /// Parts of a many-worker backup run (`parts/<id>`, SPEC.md §17.7), removed once the run is assembled.
    case runPart = "parts"
    /// Who assembles a many-worker run (`assemblies/<keyed name>`, SPEC.md §17.8), written only by
    /// ``Backend/create(_:name:bytes:)``.
    case assemblyClaim = "assemblies"

    /// The only valid name for a ``FileKind/config`` file.
    public static let configName = "config"

    /// The prefix (directory) under which files of this kind live.
    public var prefix: String { rawValue }

    /// The singular noun for messages ("snapshot", "pack", …).
    public var noun: String {
        switch self {
        case .config: return "config"
        case .key: return "key"
        case .pack: return "pack"
        case .index: return "index file"
        case .snapshot: return "snapshot"
        case .lock: return "lock"
        case .checkpoint: return "checkpoint"
        case .runPart: return "run part"
        case .assemblyClaim: return "assembly claim"
        }
    }

    /// Whether names of this kind are fanned out into two-hex-character subdirectories.
    public var isFannedOut: Bool { self == .pack }

    /// Human-readable description of a file, used in error messages (e.g. `data/3f/3fa9…`).
    public func path(of name: String) -> String {
        switch self {
        case .config: return rawValue
        case .pack: return "\(rawValue)/\(name.prefix(2))/\(name)"
        default: return "\(rawValue)/\(name)"
        }
    }
}

/// Names a key file: BLAKE2b-256 of its bytes.
public typealias KeyID = ID32
/// Names an index file: BLAKE2b-256 of its bytes.
public typealias IndexID = ID32
