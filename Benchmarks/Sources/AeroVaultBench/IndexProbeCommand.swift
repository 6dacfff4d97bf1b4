import ArgumentParser
import BenchKit
import Foundation

/// `aerovault-bench index-probe`: the index-memory measurement of section 6, run by the main
/// benchmark as a child process so its RSS growth starts from a fresh process.
///
/// Prints one JSON object per checkpoint (``IndexBench/Result``) on standard output.
struct IndexProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index-probe",
        abstract: "Saves small chunks through the Repository API and prints index RAM per entry at each checkpoint.",
        shouldDisplay: false)

    @Option(help: "Entry counts at which to measure, comma-separated (ascending).")
    var entries: String

    @Option(help: "Scratch folder (a subfolder is created and removed).")
    var workDirectory: String = "out"

    func validate() throws {
        _ = try checkpoints()
    }

    func checkpoints() throws -> [Int] {
        let counts = entries.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !counts.isEmpty, counts.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw ValidationError("--entries takes positive counts, comma-separated, got \"\(entries)\"")
        }
        return counts.compactMap { $0 }
    }

    func run() async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        try await IndexBench(checkpoints: try checkpoints()).run(in: URL(fileURLWithPath: workDirectory)) { result in
            guard let line = try? encoder.encode(result) else { return }
            FileHandle.standardOutput.write(line + Data("\n".utf8))
        }
    }
}
