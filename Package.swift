// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "spp",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "spp", targets: ["SPPCommand"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CLinux", path: "Sources/CLinux"),
        .target(name: "HTTPServer", dependencies: ["CLinux", .product(name: "Logging", package: "swift-log")]),
        .target(name: "SQLiteStore", dependencies: ["CSQLite"]),
        .target(name: "JSON"),
        .target(name: "CSV"),
        .target(
            name: "SPP",
            dependencies: [
                "HTTPServer", "SQLiteStore", "JSON", "CSV",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]),
        .executableTarget(
            name: "SPPCommand",
            dependencies: [
                "SPP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(name: "TestSupport", dependencies: ["HTTPServer", "SPP", "SQLiteStore"], path: "Tests/TestSupport"),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "TestSupport"]),
        .testTarget(name: "SQLiteStoreTests", dependencies: ["SQLiteStore", "CSQLite"]),
        .testTarget(name: "JSONTests", dependencies: ["JSON"]),
        .testTarget(name: "CSVTests", dependencies: ["CSV"]),
        .testTarget(name: "SPPTests", dependencies: ["SPP", "TestSupport", "JSON", "CSV", "HTTPServer", "SQLiteStore"]),
    ]
)
