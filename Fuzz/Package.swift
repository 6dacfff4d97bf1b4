// swift-tools-version:6.1
import PackageDescription

// Coverage-guided fuzzing of every decoder that reads bytes from another party (docs/fuzzing.md).
// A separate package so `make test` never builds it. It is built only with sanitizers, by run.sh:
//   swift build --package-path Fuzz -c release --sanitize=fuzzer --sanitize=address \
//     -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing
// (`-enable-testing` lets the targets reach internal decoders through `@testable import`).
let swiftSettings: [SwiftSetting] = [.swiftLanguageMode(.v5)]

let package = Package(
    name: "aerovault-fuzz",
    platforms: [.macOS(.v14)],
    products: [.executable(name: "aerovault-fuzz", targets: ["AeroVaultFuzz"])],
    dependencies: [
        .package(name: "aerovault", path: ".."),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),  // ByteBuffer for the frame decoder
    ],
    targets: [
        .target(
            name: "FuzzTargets",
            dependencies: [
                .product(name: "ArchiveStore", package: "aerovault"),
                .product(name: "AerospikeWire", package: "aerovault"),
                .product(name: "AeroVault", package: "aerovault"),
                .product(name: "S3XML", package: "aerovault"),
                .product(name: "AsbFormat", package: "aerovault"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        // One binary, libFuzzer's `main`; FUZZ_TARGET selects the entry point (see Entry.swift).
        .executableTarget(name: "AeroVaultFuzz", dependencies: ["FuzzTargets"], swiftSettings: swiftSettings),
    ]
)
