import FuzzTargets
#if canImport(Glibc)
import Glibc
#endif

// libFuzzer entry points (docs/fuzzing.md). One binary serves every target: FUZZ_TARGET names it.
// FUZZ_EXPORT_SEEDS=<dir> writes the selected target's encoder-made seeds to <dir> and exits.

nonisolated(unsafe) private var selected: FuzzTarget?

@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    let name = getenv("FUZZ_TARGET").map { String(cString: $0) } ?? ""
    guard let target = FuzzTarget.named(name) else {
        fputs("FUZZ_TARGET must be one of: \(FuzzTarget.all.map(\.name).joined(separator: " "))\n", stderr)
        exit(2)
    }
    selected = target
    if let directory = getenv("FUZZ_EXPORT_SEEDS").map({ String(cString: $0) }) {
        for (number, seed) in target.seeds().enumerated() {
            let path = "\(directory)/seed-\(number)"
            guard let file = fopen(path, "wb"), fwrite(seed, 1, seed.count, file) == seed.count, fclose(file) == 0 else {
                fputs("cannot write \(path)\n", stderr)
                exit(1)
            }
        }
        exit(0)
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    selected!.run(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
