import AeroVaultTestSupport
import Foundation
import ProcessSupport
import Testing

/// `aerovault-demo` (what `make demo` runs) drives the real `aerovault` binary (SPEC.md §14 "demo").
@Suite struct DemoTests {
    static var demoExecutable: String {
        BuiltProduct.path("aerovault-demo")
    }

    @Test func demoRunsEveryStepAndBothRestoresVerify() async throws {
        let run = try await ChildProcess.runToEnd(
            Self.demoExecutable, ["--records", "800", "--insecure-fast-kdf"], environment: ProcessInfo.processInfo.environment)
        #expect(run.termination == .exited(0), "\(run.stderr)")
        let text = run.stdout
        for step in ["1/8 load", "2/8 init", "3/8 full backup", "5/8 incremental backup", "6/8 snapshots"] {
            #expect(text.contains("== \(step) =="), "missing step \(step)")
        }
        #expect(text.contains("$ aerovault init"))
        #expect(text.components(separatedBy: "$ aerovault backup --host 127.0.0.1:").count == 3)
        #expect(text.components(separatedBy: "$ aerovault verify ").count == 3)
        // The first restore holds the loaded state, the second the changed one (800 − 4 deleted + 4 inserted).
        #expect(text.contains("'restore1' now holds 800 records."))
        #expect(text.contains("'restore2' now holds 800 records."))
        #expect(text.contains("All steps passed"))
    }

    @Test func demoFailsNamingTheStep() async throws {
        let run = try await ChildProcess.runToEnd(
            Self.demoExecutable, ["--records", "10", "--aerovault", "/nonexistent/aerovault"],
            environment: ProcessInfo.processInfo.environment)
        #expect(run.termination == .exited(1))
        #expect(run.stderr.contains("demo step 2/8 init failed"), "\(run.stderr)")
    }

    /// The shipped binary carries no simulator: no `demo` command, and no symbol of the AerospikeSim
    /// module (Swift mangles its names with the prefix "12AerospikeSim").
    @Test func theAerovaultBinaryLinksNoSimulator() async throws {
        let run = try await ChildProcess.runToEnd(CLIRunner.executable, ["demo"], environment: [:])
        #expect(run.termination == .exited(64), "\(run.stderr)")
        let binary = try Data(contentsOf: URL(fileURLWithPath: CLIRunner.executable))
        #expect(binary.range(of: Data("12AerospikeSim".utf8)) == nil)
        let sim = try Data(contentsOf: URL(fileURLWithPath: BuiltProduct.path("aerovault-sim")))
        #expect(sim.range(of: Data("12AerospikeSim".utf8)) != nil, "the check must see the module where it is linked")
    }
}
