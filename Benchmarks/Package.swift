// swift-tools-version:6.1
import PackageDescription

// A separate package so the main `make test` never builds benchmark dependencies.
// Build folder: Benchmarks/.build. Run everything with `make bench` (see run.sh).
let swiftSettings: [SwiftSetting] = [.swiftLanguageMode(.v5)]
/// The main package's libraries every benchmark target measures.
let aerovaultLibraries: [Target.Dependency] = [
    .product(name: "ArchiveStore", package: "aerovault"),
    .product(name: "AerospikeWire", package: "aerovault"),
    .product(name: "AerospikeSim", package: "aerovault"),
    .product(name: "ProcessSupport", package: "aerovault"),
]

let package = Package(
    name: "aerovault-benchmarks",
    platforms: [.macOS(.v14)],
    products: [.executable(name: "aerovault-bench", targets: ["AeroVaultBench"])],
    dependencies: [
        .package(name: "aerovault", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .target(
            name: "BenchKit",
            // IndexBench opens its throwaway repository with the fast test KDF.
            dependencies: aerovaultLibraries + [.product(name: "ArchiveStoreTestSupport", package: "aerovault")],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "AeroVaultBench",
            dependencies: ["BenchKit", .product(name: "ArgumentParser", package: "swift-argument-parser")]
                + aerovaultLibraries,
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "Micro",
            dependencies: ["BenchKit", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/Micro",
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
    ]
)
