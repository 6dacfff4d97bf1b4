import AeroVault
import Testing

/// `--worker I/N` shares (SPEC.md §14 "Workers"): N shares cover every partition exactly once.
@Suite struct WorkerShareTests {
    @Test(arguments: [1, 2, 3, 4, 7, 64, 1000, 4096])
    func sharesPartitionTheNamespace(count: Int) throws {
        var seen: [Int] = []
        for index in 1...count { seen += try WorkerShare(index: index, count: count).partitions }
        #expect(seen == Array(0..<4096))
    }

    @Test func narrowingKeepsOnlyTheSharesPartitions() throws {
        let second = try WorkerShare(parsing: "2/4")
        #expect(second.partitions == 1024..<2048)
        #expect(second.narrowing([5, 1024, 2047, 2048]) == [1024, 2047])
        #expect(second.narrowing(nil).count == 1024)
    }

    @Test(arguments: ["0/4", "5/4", "1/0", "1/4097", "2", "a/b", "1/2/3", "/4", ""])
    func badSharesAreRefused(text: String) {
        #expect(throws: AeroVaultError.self) { try WorkerShare(parsing: text) }
    }
}
