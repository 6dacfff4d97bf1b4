/// One libFuzzer entry point (docs/fuzzing.md): a decoder fed arbitrary bytes, and the seeds its
/// corpus starts from besides the captured real inputs kept in `Fuzz/Corpus/<name>/`.
///
/// `run` must return normally whether the decoder accepts or rejects the input: only a trap, a
/// sanitizer report, a hang or an oversized allocation is a finding. Where two decoders must agree
/// (a view and its copying decoder, decode after encode), `run` traps when they do not.
public struct FuzzTarget: Sendable {
    public let name: String
    public let run: @Sendable ([UInt8]) -> Void
    /// Seeds made with the production encoders (written by `FUZZ_EXPORT_SEEDS`, see Entry.swift).
    public let seeds: @Sendable () -> [[UInt8]]

    init(_ name: String, seeds: @escaping @Sendable () -> [[UInt8]] = { [] }, run: @escaping @Sendable ([UInt8]) -> Void) {
        self.name = name
        self.run = run
        self.seeds = seeds
    }

    /// Every target, by name.
    public static let all: [FuzzTarget] = WireTargets.all + RecordTargets.all + RepositoryTargets.all
        + BackupTargets.all + S3Targets.all + AsbTargets.all

    public static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}

/// Splits one fuzz input into several blobs: each is `length (u16 LE) ‖ bytes`; a short tail is the last blob.
/// Lets a target whose decoder takes a list of blobs (a partition table) receive them from one input.
enum BlobFraming {
    static func split(_ input: [UInt8]) -> [[UInt8]] {
        var blobs: [[UInt8]] = []
        var offset = 0
        while offset + 2 <= input.count {
            let length = Int(input[offset]) | Int(input[offset + 1]) << 8
            let start = offset + 2
            let end = min(start + length, input.count)
            blobs.append(Array(input[start..<end]))
            offset = end
        }
        return blobs
    }

    static func join(_ blobs: [[UInt8]]) -> [UInt8] {
        blobs.flatMap { [UInt8(truncatingIfNeeded: $0.count), UInt8(truncatingIfNeeded: $0.count >> 8)] + $0 }
    }
}
