import ArchiveStore
import ArgumentParser
import Foundation

/// `aerovault cat`: prints decrypted repository structures as JSON (debugging aid).
struct CatCommand: RepositoryCommand {
    static let configuration = CommandConfiguration(
        commandName: "cat",
        abstract: "Print a decrypted repository file as JSON: config, key ID, snapshot ID, index ID or pack ID.",
        discussion: ExitStatus.helpText)
    static var lockMode: LockMode { .none }

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case config, key, snapshot, index, pack
    }

    static var access: RepositoryAccess { .read }

    @OptionGroup var repositoryOptions: RepositoryOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var noLock: NoLockOptions
    var readOnly: Bool { noLock.enabled }

    @Argument(help: "What to print: \(Kind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kind: Kind

    @Argument(help: "Id or unique prefix (snapshot also accepts \"latest\"); not used for config.")
    var id: String?

    func validate() throws {
        if kind != .config && id == nil { throw ValidationError("cat \(kind.rawValue) needs an id") }
    }

    func run(in context: CommandContext) async throws {
        let repository = context.repository
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let json: Data
        switch kind {
        case .config:
            json = try encoder.encode(repository.config)
        case .key:
            let keyID = try await repository.resolveKey(id ?? "")
            json = try encoder.encode(try KeyFile.inspect(try await repository.backend.load(.key, name: keyID.hex)))
        case .snapshot:
            let snapshotID = try await repository.resolveSnapshot(id ?? "")
            json = try encoder.encode(try await repository.loadSnapshot(snapshotID))
        case .index:
            let indexID = try await repository.resolveFile(.index, prefix: id ?? "")
            let packs = try await repository.loadIndexFile(indexID).map {
                PackJSON(id: $0.pack.hex, chunks: $0.entries.map(EntryJSON.init))
            }
            json = try encoder.encode(["packs": packs])
        case .pack:
            let packID = try await repository.resolveFile(.pack, prefix: id ?? "")
            let entries = try await repository.loadPackHeader(packID)
            json = try encoder.encode(PackJSON(id: packID.hex, chunks: entries.map(EntryJSON.init)))
        }
        print(String(decoding: json, as: UTF8.self))
    }

    struct PackJSON: Encodable {
        var id: String
        var chunks: [EntryJSON]
    }

    struct EntryJSON: Encodable {
        var id: String
        var type: String
        var offset: UInt32
        var length: UInt32
        var plaintextLength: UInt32

        init(_ entry: PackEntry) {
            id = entry.id.hex
            type = entry.type == .data ? "data" : "tree"
            offset = entry.offset
            length = entry.length
            plaintextLength = entry.plaintextLength
        }

        enum CodingKeys: String, CodingKey {
            case id, type, offset, length, plaintextLength = "plaintext_length"
        }
    }
}
