import ArchiveStore
import ArgumentParser

/// `aerovault debug read-chunks`: checks that every chunk written by `write-chunks` with the same
/// options is readable and bit-identical, and that every index entry points into a complete pack.
struct DebugReadChunksCommand: RepositoryCommand {
    static let configuration = CommandConfiguration(
        commandName: "read-chunks", abstract: "Verify chunks and the index.", discussion: ExitStatus.helpText)
    static var lockMode: LockMode { .none }

    static var access: RepositoryAccess { .read }
    static var displayName: String { "debug read-chunks" }

    @OptionGroup var repositoryOptions: RepositoryOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Number of chunks to check (0: only check the index).") var count: Int = 0
    @Option(help: "Chunk i is generated from seed + i.") var seed: UInt64 = 0
    @Option(help: "Chunk size in bytes.") var size: Int = 1024

    func run(in context: CommandContext) async throws {
        let repository = context.repository
        var indexed: [(ChunkID, ChunkLocation)] = []
        await repository.forEachIndexedChunk { indexed.append(($0, $1)) }
        var headers: [PackID: Set<PackEntry>] = [:]
        for (id, location) in indexed {
            if headers[location.pack] == nil {
                headers[location.pack] = Set(try await repository.loadPackHeader(location.pack))
            }
            let entry = PackEntry(
                id: id, type: location.type, offset: location.offset, length: location.length,
                plaintextLength: location.plaintextLength)
            guard headers[location.pack]?.contains(entry) == true else {
                throw ArchiveStoreError(.corrupted, "index entry for chunk \(id.short) disagrees with pack header")
            }
            _ = try await repository.loadChunk(id)
        }
        var missing = 0
        for i in 0..<count {
            let chunk = DebugChunks.chunk(seed: seed &+ UInt64(i), size: size)
            let id = repository.chunkID(of: chunk)
            guard await repository.has(id) else {
                missing += 1
                continue
            }
            guard try await repository.loadChunk(id) == chunk else {
                throw ArchiveStoreError(.corrupted, "chunk \(i) read back differently")
            }
        }
        let packs = try await repository.backend.list(.pack).count
        if output.json {
            struct Result: Encodable {
                var message_type = "chunks_verified"; var indexed: Int; var missing: Int; var packs: Int
            }
            return try output.emit(Result(indexed: indexed.count, missing: missing, packs: packs))
        }
        output.say("\(indexed.count) indexed chunks verified, \(missing) of \(count) expected chunks missing")
    }
}
