// swift-tools-version:6.2
import Foundation
import PackageDescription

/// Vanguard (先锋): the 创先争优 campaign server. Layers point one way:
/// VanguardCore ← VanguardStore ← VanguardServer (← VanguardAPI) ← vanguard (CLI).
let package = Package(
    name: "vanguard",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "vanguard", targets: ["vanguard"]),
        .library(name: "VanguardSheets", targets: ["VanguardSheets"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
    ],
    targets: [
        /// Pure domain rules: no I/O, no clock.
        .target(name: "VanguardCore"),
        /// SQL: migrations, repositories, spreadsheets in and out.
        .target(
            name: "VanguardStore",
            dependencies: [
                "VanguardCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                "VanguardSheets",
            ]
        ),
        /// Spreadsheets in and out (XLSX, CSV): hostile bytes read under limits, in a module of its
        /// own so the fuzz package (`Fuzz/`) builds it without the server's dependencies.
        .target(
            name: "VanguardSheets",
            dependencies: ["VanguardCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        /// The JSON API contract: openapi.yaml and the code generated from it.
        .target(
            name: "VanguardAPI",
            dependencies: [.product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")],
            resources: [.copy("openapi.yaml")],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        /// Hummingbird: the single composition root `buildApplication`.
        .target(
            name: "VanguardServer",
            dependencies: [
                "VanguardCore", "VanguardStore", "VanguardAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Configuration", package: "swift-configuration"),
            ],
            resources: [.copy("Resources")]
        ),
        /// The operators' tool: serve, migrate, demo, import, export, backup, restore.
        .executableTarget(
            name: "vanguard",
            dependencies: [
                "VanguardCore", "VanguardStore", "VanguardServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Configuration", package: "swift-configuration"),
            ]
        ),
        /// Fresh databases for tests: a temporary SQLite file, and a schema of its own on PostgreSQL.
        .target(
            name: "VanguardTestSupport",
            dependencies: ["VanguardStore", "VanguardCore", .product(name: "Logging", package: "swift-log")],
            path: "Tests/VanguardTestSupport"
        ),
        .testTarget(name: "VanguardCoreTests", dependencies: ["VanguardCore"]),
        .testTarget(name: "VanguardSheetsTests", dependencies: ["VanguardSheets", "VanguardCore"], exclude: ["Fixtures"]),
        .testTarget(name: "VanguardStoreTests", dependencies: ["VanguardStore", "VanguardCore", "VanguardTestSupport"]),
        .testTarget(
            name: "VanguardServerTests",
            dependencies: [
                "VanguardServer", "VanguardStore", "VanguardCore", "VanguardTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Configuration", package: "swift-configuration"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// The fuzz target of the spreadsheet readers exists only for `.ci/fuzz` (VANGUARD_FUZZ=1): libFuzzer
// supplies its `main`, so an ordinary build must not see it.
if ProcessInfo.processInfo.environment["VANGUARD_FUZZ"] != nil {
    package.products.append(.executable(name: "vanguard-fuzz", targets: ["VanguardFuzz"]))
    package.targets.append(.target(name: "CFuzzDriver"))
    package.targets.append(.executableTarget(name: "VanguardFuzz", dependencies: ["VanguardSheets", "CFuzzDriver"]))
}
