import Foundation
import ProcessSupport

/// Runs the real `aerovault` executable for the demo and shows each command as a user would type it,
/// followed by what it printed (SPEC.md §14 "demo").
struct DemoShell {
    let executable: String
    let environment: [String: String]

    /// A demo step failed; the message names the step and quotes the command's error output.
    struct StepFailed: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `aerovault arguments…`; prints the command and its standard output, indented (nothing
    /// when `quiet`: the demo's own bookkeeping).
    /// - Throws: ``StepFailed`` naming `step` when the command does not exit 0.
    @discardableResult
    func run(_ step: String, _ arguments: [String], quiet: Bool = false) throws -> String {
        if !quiet { print("$ aerovault \(arguments.joined(separator: " "))") }
        let result: ChildProcess.Captured
        do {
            result = try ChildProcess.run(executable, arguments, environment: environment)
        } catch {
            throw StepFailed(description: "demo step \(step) failed: \(error)")
        }
        if !quiet {
            for line in result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                print("  \(line)")
            }
        }
        guard result.termination == .exited(0) else {
            throw StepFailed(
                description: "demo step \(step) failed: aerovault \(arguments.first ?? "") ended with "
                    + "\(result.termination): \(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return result.stdout
    }

    /// Ids of the repository's snapshots, oldest first (from `snapshots --json`).
    func snapshotIDs(_ step: String) throws -> [String] {
        let text = try run(step, ["snapshots", "--json"], quiet: true)
        let line = text.split(separator: "\n").last.map(String.init) ?? "[]"
        guard let list = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [[String: Any]] else {
            throw StepFailed(description: "demo step \(step) failed: cannot read `snapshots --json`: \(text)")
        }
        return list.compactMap { $0["id"] as? String }
    }
}
