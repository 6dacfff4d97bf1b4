import AeroVault
import ArgumentParser
import Foundation

/// `--tag`, `--namespace`, `--host`: which snapshots a command considers.
struct SnapshotFilterOptions: ParsableArguments {
    @Option(name: .customLong("tag"), help: ArgumentHelp(
        "Only snapshots with all these tags (comma-separated; repeat for alternatives).", valueName: "tag[,tag…]"))
    var tags: [String] = []

    @Option(name: .customLong("namespace"), help: "Only snapshots of this namespace (repeatable).")
    var namespaces: [String] = []

    @Option(name: .customLong("host"), help: "Only snapshots taken on this host (repeatable).")
    var hosts: [String] = []

    var filter: SnapshotFilter {
        SnapshotFilter(tags: tags.map(TagList.parse), namespaces: namespaces, hosts: hosts)
    }
}

/// Comma-separated tag lists (`a,b`).
enum TagList {
    static func parse(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
