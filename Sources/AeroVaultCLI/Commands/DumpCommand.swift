import AeroVault
import AerospikeWire
import ArchiveStore
import ArgumentParser
import Foundation

/// `aerovault dump`: prints one record of a snapshot as JSON, found by set and user key (or digest),
/// so nobody has to restore a namespace to read one record (SPEC.md §14 "dump").
struct DumpCommand: RepositoryCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Print one record of a snapshot as JSON.",
        discussion: """
            The record is named by --set and --key, whose digest is computed as the cluster computes it \
            (so --key-type must be the key's type: a string key "7" and an integer key 7 are different \
            records), or directly by --digest. Only the partition holding it is read. A record the \
            snapshot does not hold (never backed up, or deleted by then) is an error (exit 1).

            \(ExitStatus.helpText)
            """)

    enum KeyType: String, ExpressibleByArgument, CaseIterable {
        case string, integer, bytes
    }

    static var access: RepositoryAccess { .read }

    @OptionGroup var repositoryOptions: RepositoryOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var noLock: NoLockOptions
    var readOnly: Bool { noLock.enabled }

    @Argument(help: "Snapshot id, unique prefix or \"latest\".")
    var snapshot: String

    @Option(name: .shortAndLong, help: "The record's set (omit for records without a set).")
    var set: String?

    @Option(name: .shortAndLong, help: "The record's user key.")
    var key: String?

    @Option(help: ArgumentHelp(
        "How to read --key: \(KeyType.allCases.map(\.rawValue).joined(separator: ", ")) (bytes: hex).",
        valueName: "type"))
    var keyType: KeyType = .string

    @Option(help: ArgumentHelp("The record's digest (40 hex characters) instead of --set/--key.", valueName: "hex"))
    var digest: String?

    func validate() throws {
        guard (key == nil) != (digest == nil) else { throw ValidationError("give either --key or --digest") }
        if digest != nil, set != nil { throw ValidationError("--set names a record with --key; --digest needs none") }
        _ = try recordDigest()
    }

    /// The digest asked for, and how to name the record in a message.
    func recordDigest() throws -> (digest: [UInt8], name: String) {
        if let digest {
            guard let bytes = HexCoding.decode(digest), bytes.count == Digest.size else {
                throw ValidationError("--digest must be \(2 * Digest.size) hex characters")
            }
            return (bytes, "digest \(digest.lowercased())")
        }
        let text = key ?? ""
        let userKey: UserKey
        switch keyType {
        case .string: userKey = .string(text)
        case .integer:
            guard let value = Int64(text) else { throw ValidationError("--key '\(text)' is not a 64-bit integer") }
            userKey = .integer(value)
        case .bytes:
            guard let bytes = HexCoding.decode(text) else { throw ValidationError("--key '\(text)' is not hex") }
            userKey = .blob(bytes)
        }
        let digest = Digest.compute(set: set, key: userKey)
        let place = set.map { "set '\($0)'" } ?? "no set"
        return (digest, "\(keyType.rawValue) key '\(text)' in \(place) (digest \(Digest.hex(digest)))")
    }

    func run(in context: CommandContext) async throws {
        let id = try await context.repository.resolveSnapshot(snapshot)
        let (digest, name) = try recordDigest()
        guard let found = try await RecordLookup(loader: context.repository).record(digest: digest, in: id) else {
            throw AeroVaultError(.notFound, "snapshot \(id.short) holds no record with \(name)")
        }
        let namespace = try await context.repository.loadSnapshot(id).namespace
        print(try RecordJSON.line(RecordJSON.object(namespace: namespace, partition: found.partition, record: found.record)))
    }
}
