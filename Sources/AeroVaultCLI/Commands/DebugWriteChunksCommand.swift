import ArchiveStore
import ArgumentParser

/// `aerovault debug write-chunks`: writes deterministic pseudo-random chunks through the Repository
/// API from several tasks, then flushes. Chunk `i` is a function of `seed + i` only, so two runs with
/// overlapping ranges write overlapping chunk sets (multi-process and SIGKILL tests).
struct DebugWriteChunksCommand: RepositoryCommand {
    static let configuration = CommandConfiguration(
        commandName: "write-chunks", abstract: "Write random chunks, then flush.", discussion: ExitStatus.helpText)

    static var access: RepositoryAccess { .admin }
    static var displayName: String { "debug write-chunks" }

    @OptionGroup var repositoryOptions: RepositoryOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Number of chunks.") var count: Int
    @Option(help: "Chunk i is generated from seed + i.") var seed: UInt64 = 0
    @Option(help: "Chunk size in bytes.") var size: Int = 1024
    @Option(help: "Concurrent writer tasks.") var tasks: Int = 4
    @Option(help: "Seconds before unindexed packs get an index file.") var indexMaxAge: Double = 60
    @Option(help: "Seconds between re-reading other writers' index files.") var indexReloadInterval: Double = 5
    @Option(help: ArgumentHelp("Seconds to keep the lock after the flush (lock tests).", visibility: .hidden))
    var holdLock: Double = 0

    func validate() throws {
        guard count >= 0, size > 0, tasks > 0 else { throw ValidationError("count, size and tasks must be positive") }
        guard (0...600).contains(holdLock) else { throw ValidationError("--hold-lock must be 0…600 seconds") }
    }

    var writeOptions: Repository.WriteOptions {
        Repository.WriteOptions(indexMaxAge: indexMaxAge, indexReloadInterval: indexReloadInterval)
    }

    func run(in context: CommandContext) async throws {
        let (count, seed, size, tasks) = (count, seed, size, tasks)
        let stored = try await withThrowingTaskGroup(of: Int.self, returning: Int.self) { group in
            for worker in 0..<tasks {
                group.addTask {
                    var stored = 0
                    for i in stride(from: worker, to: count, by: tasks) {
                        let chunk = DebugChunks.chunk(seed: seed &+ UInt64(i), size: size)
                        if try await context.repository.saveChunk(chunk).stored { stored += 1 }
                    }
                    return stored
                }
            }
            return try await group.reduce(0, +)
        }
        try await context.repository.flush()
        if holdLock > 0 { try await Task.sleep(for: .milliseconds(Int(holdLock * 1000))) }
        if output.json {
            struct Result: Encodable { var message_type = "chunks_written"; var stored: Int; var duplicates: Int }
            return try output.emit(Result(stored: stored, duplicates: count - stored))
        }
        output.say("stored \(stored) of \(count) chunks")
    }
}

/// Deterministic chunk contents shared by the debug commands.
enum DebugChunks {
    static func chunk(seed: UInt64, size: Int) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        var out = [UInt8]()
        out.reserveCapacity(size + 8)
        while out.count < size {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            withUnsafeBytes(of: state.littleEndian) { out.append(contentsOf: $0) }
        }
        return Array(out.prefix(size))
    }
}
