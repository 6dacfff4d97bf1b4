// swift-tools-version:6.1
import PackageDescription

// Every target builds in the Swift 6 language mode (strict concurrency checking), tests included.
let swiftSettings: [SwiftSetting] = [.swiftLanguageMode(.v6)]
let testSwiftSettings = swiftSettings

let nio: [Target.Dependency] = [
    .product(name: "NIOCore", package: "swift-nio"),
    .product(name: "NIOPosix", package: "swift-nio"),
]

let nioSSL: [Target.Dependency] = [
    .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "NIOTLS", package: "swift-nio"),
]

let package = Package(
    name: "aerovault",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "aerovault", targets: ["AeroVaultCLI"]),
        .executable(name: "aerovault-sim", targets: ["AerospikeSimCLI"]),
        .executable(name: "aerovault-demo", targets: ["AeroVaultDemo"]),
        .library(name: "ArchiveStore", targets: ["ArchiveStore"]),
        .library(name: "AerospikeWire", targets: ["AerospikeWire"]),
        .library(name: "AerospikeSim", targets: ["AerospikeSim"]),  // used by Benchmarks/
        .library(name: "ProcessSupport", targets: ["ProcessSupport"]),  // child processes and signals
        // Test support (README "Running the tests"); a product only because Benchmarks/ uses the fast KDF.
        .library(name: "ArchiveStoreTestSupport", targets: ["ArchiveStoreTestSupport"]),
        // LD_PRELOADed into `aerovault` by the prune SIGKILL test (Sources/CStderrPause).
        .library(name: "AeroVaultStderrPause", type: .dynamic, targets: ["CStderrPause"]),
        .library(name: "AeroVault", targets: ["AeroVault"]),  // used by Fuzz/ (digest lists, backup metadata)
        .library(name: "S3XML", targets: ["S3XML"]),  // used by Fuzz/ (S3 response bodies)
        .library(name: "AsbFormat", targets: ["AsbFormat"]),  // used by Fuzz/ (the .asb reader)
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // `aerovault serve` (SPEC.md "Service"): HTTP, lifecycle, logs, metrics, YAML config.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CCrypt", pkgConfig: "libcrypt", providers: [.apt(["libcrypt-dev"])]),
        // The system's libcrypto, for asbackup's AES-CTR encrypted .asb files (SPEC.md §18).
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        .target(name: "ProcessSupport", swiftSettings: swiftSettings),
        .target(name: "ArchiveStore", dependencies: ["CSodium", "CZstd"], swiftSettings: swiftSettings),
        // The S3 response bodies (SPEC.md §6 "S3 backend"): untrusted XML, in a target without
        // async-http-client so Fuzz/ builds the parser alone.
        .target(name: "S3XML", dependencies: ["ArchiveStore"], swiftSettings: swiftSettings),
        // The S3 backend (SPEC.md §6 "S3 backend"): HTTP stays out of ArchiveStore.
        .target(
            name: "ArchiveStoreS3",
            dependencies: [
                "ArchiveStore", "CSodium", "S3XML", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ] + nio,
            swiftSettings: swiftSettings),
        .target(name: "AerospikeWire", dependencies: ["CZlib", "CCrypt"] + nio + nioSSL, swiftSettings: swiftSettings),
        .target(name: "AerospikeSim", dependencies: ["AerospikeWire"] + nio + nioSSL, swiftSettings: swiftSettings),
        .executableTarget(
            name: "AerospikeSimCLI",
            dependencies: [
                "AerospikeSim", "ProcessSupport", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings),
        // asbackup's backup-file format (SPEC.md §18): reader and writer over ArchiveStore's record model.
        .target(name: "AsbFormat", dependencies: ["ArchiveStore", "COpenSSL"], swiftSettings: swiftSettings),
        .target(name: "AeroVault", dependencies: ["ArchiveStore", "AerospikeWire", "AsbFormat"], swiftSettings: swiftSettings),
        // `aerovault serve` (SPEC.md "Service"): scheduled jobs run the `aerovault` executable as children,
        // so the service links no repository code.
        .target(
            name: "AeroVaultService",
            dependencies: [
                "ProcessSupport", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"), .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"), .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("openapi.yaml")],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "AeroVaultCLI",
            dependencies: [
                "AeroVault", "AeroVaultService", "ArchiveStore", "ArchiveStoreS3", "AerospikeWire", "AsbFormat", "ProcessSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings),
        // `make demo`: drives the real `aerovault` executable against an embedded simulator, so the
        // shipped binary links no simulator.
        .executableTarget(
            name: "AeroVaultDemo",
            dependencies: [
                "AerospikeSim", "ProcessSupport", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings),

        // Test support, linked only into test targets (and Benchmarks/): in-memory backend, fast KDF,
        // the backend conformance suite, repository and record fixtures (README "Running the tests").
        .target(
            name: "ArchiveStoreTestSupport",
            dependencies: ["ArchiveStore", .product(name: "NIOConcurrencyHelpers", package: "swift-nio")],
            swiftSettings: testSwiftSettings),
        .target(name: "CStderrPause", linkerSettings: [.linkedLibrary("dl")]),
        .target(
            name: "AeroVaultTestSupport",
            dependencies: ["AeroVault", "ArchiveStore", "AerospikeWire", "ArchiveStoreTestSupport"],
            swiftSettings: testSwiftSettings),
        // Test-only: a moto_server launcher and a fault-injecting proxy for the S3 tests.
        .target(
            name: "S3TestSupport",
            dependencies: [
                "ProcessSupport", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ] + nio,
            path: "Tests/S3TestSupport", swiftSettings: testSwiftSettings),

        // Fast tier (no simulator, no S3 server, no `aerovault` child): ArchiveStoreTests,
        // AerospikeWireTests, AeroVaultTests, ProcessSupportTests, AsbFormatTests (`make test-fast`). The rest start
        // simulators, moto_server or the CLI (README "Running the tests").
        .testTarget(
            name: "ArchiveStoreTests", dependencies: ["ArchiveStore", "ArchiveStoreS3", "S3XML", "ArchiveStoreTestSupport", "S3TestSupport"],
            exclude: ["Fixtures"], swiftSettings: testSwiftSettings),
        .testTarget(
            name: "ArchiveStoreS3IntegrationTests",
            dependencies: ["ArchiveStore", "ArchiveStoreS3", "ArchiveStoreTestSupport", "S3TestSupport"],
            swiftSettings: testSwiftSettings),
        .testTarget(
            name: "AerospikeWireTests", dependencies: ["AerospikeWire", "ArchiveStoreTestSupport"],
            exclude: ["Fixtures"], swiftSettings: testSwiftSettings),
        .testTarget(
            name: "AerospikeWireIntegrationTests", dependencies: ["AerospikeWire", "AerospikeSim"],
            swiftSettings: testSwiftSettings),
        .testTarget(name: "AerospikeSimTests", dependencies: ["AerospikeSim", "AerospikeWire"], swiftSettings: testSwiftSettings),
        .testTarget(
            name: "AeroVaultTests",
            dependencies: [
                "AeroVault", "ArchiveStore", "AerospikeWire", "AerospikeSim", "AeroVaultTestSupport",
                "ArchiveStoreTestSupport",
            ],
            swiftSettings: testSwiftSettings),
        .testTarget(
            name: "AsbFormatTests", dependencies: ["AsbFormat", "ArchiveStore", "ArchiveStoreTestSupport"], exclude: ["Fixtures"],
            swiftSettings: testSwiftSettings),
        .testTarget(
            name: "AeroVaultIntegrationTests",
            dependencies: [
                "AeroVault", "ArchiveStore", "AerospikeWire", "AerospikeSim", "ProcessSupport", "AeroVaultTestSupport",
                "ArchiveStoreTestSupport",
            ],
            swiftSettings: testSwiftSettings),
        .testTarget(
            name: "AeroVaultCLITests",
            dependencies: [
                "AeroVaultCLI", "ProcessSupport", "AeroVaultTestSupport", "S3TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: testSwiftSettings),
        .testTarget(name: "ProcessSupportTests", dependencies: ["ProcessSupport"], swiftSettings: testSwiftSettings),
        .testTarget(name: "AeroVaultServiceTests", dependencies: ["AeroVaultService"], swiftSettings: testSwiftSettings),
    ]
)
