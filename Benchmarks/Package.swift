// swift-tools-version:6.1
import PackageDescription

// A separate package so the main `make test` never builds benchmark dependencies.
// Build folder: Benchmarks/.build. Run everything with `make bench` (see run.sh).
let swiftSettings: [SwiftSetting] = [.swiftLanguageMode(.v5)]

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
            dependencies: [
                .product(name: "ArchiveStore", package: "aerovault"),
                .product(name: "AerospikeWire", package: "aerovault"),
                .product(name: "AerospikeSim", package: "aerovault"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "AeroVaultBench",
            dependencies: [
                "BenchKit",
                .product(name: "ArchiveStore", package: "aerovault"),
                .product(name: "AerospikeSim", package: "aerovault"),
                .product(name: "AerospikeWire", package: "aerovault"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "Micro",
            dependencies: ["BenchKit", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/Micro",
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
    ]
)
