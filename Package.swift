// swift-tools-version:6.0
import PackageDescription

// Targets follow ../shared/DESIGN.md: dependencies point down the flow
// CLI → Reporting/Verify/Phases → LogScan → Patterns → Matching → CPCRE2, and every target may use LogModel.
/// The hot-path modules run per line of multi-GB logs: dynamic exclusivity checks on class properties
/// cost more than the work itself there (measured: ~10% of `tkgqa events`), so release builds skip them.
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "tkgqa",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tkgqa", targets: ["tkgqa"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]
        ),
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(name: "Matching", dependencies: ["CPCRE2"], swiftSettings: hotPath),
        .target(name: "LogModel", swiftSettings: hotPath),
        .executableTarget(name: "EmbedPatternsTool"),
        .plugin(
            name: "EmbedPatterns",
            capability: .buildTool(),
            dependencies: ["EmbedPatternsTool"]
        ),
        .target(
            name: "Patterns",
            dependencies: ["Matching", "LogModel", "Yams", .product(name: "Logging", package: "swift-log")],
            plugins: ["EmbedPatterns"]
        ),
        .target(
            name: "LogScan",
            dependencies: ["Patterns", "Matching", "LogModel", .product(name: "Logging", package: "swift-log")],
            swiftSettings: hotPath
        ),
        .target(
            name: "Phases",
            dependencies: ["LogScan", "Patterns", "LogModel", "Yams", .product(name: "Logging", package: "swift-log")],
            swiftSettings: hotPath
        ),
        .target(
            name: "ClusterState",
            dependencies: ["LogModel", "Yams", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "Verify",
            dependencies: ["ClusterState", "Phases", "LogScan", "Patterns", "LogModel", "Yams",
                           .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "Baseline",
            dependencies: [
                "LogModel", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .target(name: "Reporting", dependencies: ["LogModel", "LogScan", "Patterns"], swiftSettings: hotPath),
        .target(
            name: "CLI",
            dependencies: [
                "LogScan", "Patterns", "Phases", "Verify", "ClusterState", "Reporting", "LogModel", "Baseline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "tkgqa", dependencies: ["CLI"]),
        // Test support: a stand-in Kubernetes API server (HTTPS on 127.0.0.1) for the real kubectl.
        .target(name: "TestAPIServer", dependencies: ["COpenSSL", "ClusterState"]),
        // Test support: runs the built tkgqa binary (CLI and live-cluster tests).
        .target(name: "CLITestSupport", path: "Tests/CLITestSupport"),

        .testTarget(name: "MatchingTests", dependencies: ["Matching"]),
        .testTarget(name: "PatternsTests", dependencies: ["Patterns", "Matching", "LogModel"]),
        .testTarget(name: "LogScanTests", dependencies: ["LogScan", "Patterns", "LogModel"]),
        .testTarget(name: "PhasesTests", dependencies: ["Phases", "LogScan", "Patterns", "LogModel"]),
        .testTarget(name: "VerifyTests", dependencies: ["Verify", "ClusterState", "LogModel"]),
        .testTarget(name: "ClusterStateTests", dependencies: ["ClusterState"]),
        .testTarget(name: "LiveTests", dependencies: ["TestAPIServer", "CLITestSupport", "ClusterState", "Verify", "LogModel", "tkgqa"]),
        // Resources/ holds the JUnit XSD the tests validate against; read by path, not bundled.
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "LogModel"], exclude: ["Resources"]),
        // Baseline: the PostgreSQL tests make scratch databases with its (debug-only) test helper.
        .testTarget(name: "CLITests", dependencies: ["tkgqa", "Baseline", "CLITestSupport"]),
        .testTarget(name: "CorporaTests", dependencies: ["Phases", "LogScan", "Patterns", "Reporting", "LogModel", "Yams", "tkgqa"]),
        .testTarget(
            name: "BaselineTests",
            dependencies: ["Baseline", "LogModel", "Reporting", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["Fixtures"]
        ),
    ]
)
