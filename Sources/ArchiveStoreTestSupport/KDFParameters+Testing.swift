import ArchiveStore

extension KDFParameters {
    /// The cheapest parameters libsodium accepts (1 pass over 8 KiB). Only for tests and benchmarks:
    /// a key file made with these can be brute-forced quickly, so shipped code cannot reach them.
    public static let insecureFastForTesting = KDFParameters(opsLimit: 1, memLimitBytes: 8 << 10)
}
