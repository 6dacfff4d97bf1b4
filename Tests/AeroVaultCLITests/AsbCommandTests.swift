import Foundation
import Testing

/// `aerovault import` and `export` (SPEC.md §14, format §18) through the built binary: the corpus
/// fixture imported, exported as zstd files, imported again with the same records; a malformed file
/// fails naming its file and line.
@Suite struct AsbCommandTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("AsbFormatTests/Fixtures/corpus.asb").path

    @Test func importExportImport() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try await cli.initRepository().status == 0)

        let first = try await cli.run(["import", Self.corpus, "--namespace", "test", "--tag", "asb", "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        let summary = try #require(CLIRunner.json(first.stdout) as? [String: Any])
        #expect(summary["records"] as? Int == 7 && summary["indexes"] as? Int == 5 && summary["udfs"] as? Int == 1)
        let firstID = try #require(summary["snapshot_id"] as? String)

        let out = cli.scratch + "/out"
        let export = try await cli.run(["export", firstID, "--output-dir", out, "--compress", "zstd"])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.contains("7 records, 5 secondary indexes, 1 UDF modules in 1 file"), "\(export.stdout)")
        let written = try FileManager.default.contentsOfDirectory(atPath: out)
        #expect(written == ["test_00000.asb"])

        let second = try await cli.run(["import", out, "--namespace", "test"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("7 records, 5 secondary indexes, 1 UDF modules from 1 file"), "\(second.stdout)")
        var listings: [String] = []
        for id in [firstID, "latest"] {
            let ls = try await cli.run(["ls", id, "--json"])
            #expect(ls.status == 0, "\(ls.stderr)")
            listings.append(ls.stdout)
        }
        #expect(listings[0] == listings[1] && listings[0].contains("my set"))

        let bad = try cli.file("bad.asb", "Version 3.1\n# namespace test\n+ n test\n+ d AAEC\n")
        let failed = try await cli.run(["import", bad, "--namespace", "test"])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("\(bad):4: the digest has 3 bytes, not 20"), "\(failed.stderr)")
        let usage = try await cli.run(["export", "latest", "--output-dir", out, "--compress", "gzip"])
        #expect(usage.status == 64, "\(usage.stderr)")
    }
}
