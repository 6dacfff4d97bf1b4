import AeroVault
import ArchiveStore
import ArgumentParser
import Foundation

/// `aerovault check`: verifies structure and, with `--read-data`, every stored byte.
struct CheckCommand: RepositoryCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the repository for damage.",
        discussion: """
            Always: every index file decrypts; every pack an index names exists and its header lists \
            what the index says; every snapshot, partition table and layer loads and every chunk they \
            reference is indexed. With --read-data every pack is read in full: it must hash to its \
            name and every chunk must decrypt and hash to its id. --read-data-subset n/t reads the \
            n-th of t disjoint subsets of the packs. Each problem names the file and chunk. A snapshot \
            this host saw earlier (backup, snapshots, restore latest) that vanished without a forget \
            on this host is a problem too; --accept-missing reports such snapshots once as warnings and \
            drops them from this host's record (for a forget run on another host). A many-worker backup \
            run whose parts were saved over 30 minutes ago but never assembled is reported as a warning \
            naming the run. Exits 1 if there is any problem.

            \(ExitStatus.helpText)
            """)

    static var access: RepositoryAccess { .read }

    @OptionGroup var repositoryOptions: RepositoryOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var noLock: NoLockOptions
    var readOnly: Bool { noLock.enabled }

    @Flag(help: "Read and verify every pack.")
    var readData = false

    @Option(help: ArgumentHelp("Read and verify the n-th of t subsets of the packs.", valueName: "n/t"))
    var readDataSubset: String?

    @Flag(help: "Accept snapshots that vanished since this host saw them (forgotten elsewhere): warn and forget them.")
    var acceptMissing = false

    func validate() throws {
        if readData && readDataSubset != nil { throw ValidationError("use --read-data or --read-data-subset, not both") }
        if let readDataSubset {
            do { _ = try ReadDataSubset(parsing: readDataSubset) } catch { throw ValidationError("\(error)") }
        }
    }

    func run(in context: CommandContext) async throws {
        var options = CheckOptions()
        if readData { options.readData = .all }
        if let readDataSubset { options.readData = .subset(try ReadDataSubset(parsing: readDataSubset)) }
        var report = try await Checker(repository: context.repository, expanders: .aerovault).run(options)
        let output = context.output
        try await checkVanished(&report, repository: context.repository, output: output)
        let runs = try await RunInspector.inspect(context.repository)
        report.hints += runs.hints
        if output.json {
            try output.emit(CheckJSON(report, warnings: runs.warnings))
        } else {
            for warning in runs.warnings { SnapshotCache.warn(warning, output: output) }
            for hint in report.hints { output.say("hint: \(hint)") }
            for problem in report.problems {
                FileHandle.standardError.write(Data("error: \(problem.message)\n".utf8))
            }
            output.say("""
                checked \(report.indexFiles) index files, \(report.packs) packs, \(report.snapshots) snapshots \
                (\(report.layers) layers, \(report.referencedChunks) chunks referenced)\
                \(report.packsRead > 0 ? "; read \(report.packsRead) packs, \(report.chunksRead) chunks" : "")
                """)
        }
        guard report.isClean else {
            throw ArchiveStoreError(.corrupted, "check found \(report.problems.count) problem(s) in the repository")
        }
        output.say("no errors were found")
    }

    /// Snapshots this host saw that are gone without a `forget` from this host (SPEC.md §15): problems,
    /// or with `--accept-missing` warnings that also drop them from the record. Then records the rest.
    private func checkVanished(
        _ report: inout CheckReport, repository: Repository, output: OutputOptions
    ) async throws {
        let present = try await repository.backend.list(.snapshot).compactMap { ID32(hex: $0.name) }
        let vanished = SnapshotCache.vanished(repository, present: present, output: output)
        if !vanished.isEmpty {
            let message = SnapshotCache.vanishedMessage(vanished)
            if acceptMissing {
                SnapshotCache.warn(message + "; accepted (--accept-missing)", output: output)
            } else {
                for id in vanished {
                    report.problems.append(
                        CheckProblem(
                            kind: .snapshot, file: "snapshots/\(id.hex)",
                            message: "snapshots/\(id.hex) is missing: \(message); if it was forgotten on another host, "
                                + "run check --accept-missing"))
                }
            }
        }
        SnapshotCache.update(repository, seen: present, forgotten: acceptMissing ? vanished : [], output: output)
    }

    struct CheckJSON: Encodable {
        struct Problem: Encodable {
            var kind: String
            var file: String?
            var chunk: String?
            var message: String
        }

        var message_type = "check_summary"
        var index_files: Int
        var packs: Int
        var snapshots: Int
        var layers: Int
        var referenced_chunks: Int
        var packs_read: Int
        var chunks_read: Int
        var hints: [String]
        var warnings: [String]
        var problems: [Problem]

        init(_ r: CheckReport, warnings: [String]) {
            self.warnings = warnings
            index_files = r.indexFiles
            packs = r.packs
            snapshots = r.snapshots
            layers = r.layers
            referenced_chunks = r.referencedChunks
            packs_read = r.packsRead
            chunks_read = r.chunksRead
            hints = r.hints
            problems = r.problems.map { Problem(kind: $0.kind.rawValue, file: $0.file, chunk: $0.chunk?.hex, message: $0.message) }
        }
    }
}
