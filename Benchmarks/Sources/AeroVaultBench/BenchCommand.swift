import ArgumentParser
import BenchKit
import Foundation

/// `aerovault-bench`: runs measurements 1–6 side by side on one data set and writes
/// Benchmarks/results.json and the generated block of Benchmarks/RESULTS.md.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aerovault-bench",
        abstract: "Benchmarks aerovault against its primitive limit, restic and borg (see Benchmarks/RESULTS.md).",
        discussion: """
            Sections: 1 primitive limit, 2 backup, 3 peers (restic, borg), 4 incremental, 5 restore,
            6 scale. A section whose dependency is missing (a command not yet in this build, a peer not
            installed) is recorded as "not measured yet" with the reason, never estimated.

            Section 6 measures at three scale points: a tenth of --records, --records, and five times
            --records (full: 100 k, 1 M, 5 M; quick: 10 k, 100 k, 500 k); --scale-records replaces them.

            EXIT STATUS
              0  the run finished (targets may be unmet; see the report)
              1  the run itself failed
            """,
        subcommands: [IndexProbeCommand.self])

    @Flag(help: "Quick mode: 100 000 records, fewer repetitions (under 3 minutes).")
    var quick = false

    @Option(help: "Records in the day-0 data set (default: 1 000 000, or 100 000 with --quick).")
    var records: Int?

    @Option(help: "Section 6's scale points in records, comma-separated (default: records/10, records, 5 × records).")
    var scaleRecords: String?

    @Option(help: "Seed of the simulator's deterministic record mix.")
    var seed: UInt64 = 42

    @Option(help: "Sections to run, comma-separated (1,2,3,4,5,6).")
    var only: String = "1,2,3,4,5,6"

    @Option(help: "Path of the release `aerovault` binary (sections 2, 4, 5, 6 need it).")
    var aerovault: String?

    @Flag(help: "Run the day-0 backup under `perf record -g` and add its top symbols to the run notes.")
    var profile = false

    @Option(help: "Scratch folder (repositories, captured output).")
    var workDirectory: String = "out"

    @Option(help: "Machine-readable results file.")
    var json: String = "results.json"

    @Option(help: "Markdown file whose generated block is replaced.")
    var results: String = "RESULTS.md"

    func validate() throws {
        if let records, records < 1000 { throw ValidationError("--records must be at least 1000") }
        let sections = only.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for s in sections where !["1", "2", "3", "4", "5", "6"].contains(s) {
            throw ValidationError("--only takes section numbers 1–6, got \"\(s)\"")
        }
        _ = try scalePoints(records: records ?? 1000)
    }

    /// Section 6's record counts, ascending.
    func scalePoints(records: Int) throws -> [Int] {
        guard let scaleRecords else { return [max(1000, records / 10), records, records * 5] }
        let counts = scaleRecords.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !counts.isEmpty, counts.allSatisfy({ ($0 ?? 0) >= 1000 }) else {
            throw ValidationError("--scale-records takes record counts of at least 1000, comma-separated, got \"\(scaleRecords)\"")
        }
        return Array(Set(counts.compactMap { $0 })).sorted()
    }

    func run() async throws {
        signal(SIGPIPE, SIG_IGN)  // a peer that exits early must not kill the feeder
        let count = records ?? (quick ? 100_000 : 1_000_000)
        let options = BenchOptions(
            quick: quick, records: count, scaleRecords: try scalePoints(records: count), seed: seed,
            sections: Set(only.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }),
            aerovaultBinary: aerovault, workDirectory: URL(fileURLWithPath: workDirectory),
            command: "aerovault-bench " + CommandLine.arguments.dropFirst().joined(separator: " "), profile: profile)
        let run = try BenchRun(options: options)
        let report = try await run.execute()
        try report.writeJSON(to: URL(fileURLWithPath: json))
        let existing = (try? String(contentsOfFile: results, encoding: .utf8)) ?? "# aerovault benchmark results\n"
        try ResultsMarkdown.update(existing, with: report).write(toFile: results, atomically: true, encoding: .utf8)
        print("wrote \(json) and \(results)")
    }
}
