import Foundation

/// Executables `swift build` put beside the running test binary, in `<scratch>/<triple>/<config>/`,
/// whatever `--scratch-path` and configuration built the suite (`make test`, `make test-sanitize`).
public enum BuiltProduct {
    /// The path of the executable product `name` (`aerovault`, `aerovault-sim`, `aerovault-demo`):
    /// beside the test binary, else under `.build/debug/` of the working directory (`swift test` runs
    /// in the package root). The first candidate when none exists, so a failure names where it looked.
    public static func path(_ name: String) -> String {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name),
            Bundle.main.bundleURL.appendingPathComponent(name),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent(name),
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug/\(name)"),
        ]
        return (candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]).path
    }
}
